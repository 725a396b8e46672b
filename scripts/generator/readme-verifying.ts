// The chart README's "Verifying a release" section: the two signatures every release carries
// (cosign, keyless from the release workflow, and Helm's GPG provenance) and how a user checks each.
import { chartMetadata, chartReference, project, projectFileUrl, provenanceKey } from "../../schema/chart.ts";

/** The identity GitHub's OIDC tokens give the release workflow, which cosign's certificate records. */
export const releaseWorkflowIdentity = `^https://github\\.com/${project.owner}/${project.name}/\\.github/workflows/release\\.yml@refs/(heads/main|tags/v.+)$`;
export const githubOidcIssuer = "https://token.actions.githubusercontent.com";

export function verifyingSection(): string[] {
  const reference = chartReference.replace(/^oci:\/\//, "");
  return [
    "## Verifying a release",
    "",
    "Each release is signed twice, and either check refuses a chart whose bytes changed after the release:",
    "",
    "- **cosign**, keyless: the release workflow signs the chart's OCI digest with its GitHub identity, recorded",
    "  in Sigstore's transparency log. Registries, admission policies (Kyverno, sigstore policy-controller)",
    "  and Flux's `OCIRepository.spec.verify` check this one.",
    "",
    "  ```sh",
    `  cosign verify ${reference}:${chartMetadata.version} \\`,
    `    --certificate-identity-regexp '${releaseWorkflowIdentity}' \\`,
    `    --certificate-oidc-issuer ${githubOidcIssuer}`,
    "  ```",
    "",
    `- **Helm provenance** (GPG, key \`${provenanceKey.fingerprint}\`, published at`,
    `  ${projectFileUrl(provenanceKey.file)}): Helm checks it when told to.`,
    "",
    "  ```sh",
    `  curl -fsSL ${projectFileUrl(provenanceKey.file)} | gpg --dearmor > cryptoflow-release.gpg`,
    `  helm pull ${chartReference} --version ${chartMetadata.version} --verify --keyring cryptoflow-release.gpg`,
    "  ```",
    "",
  ];
}
