// `npm run verify-signature -- oci://HOST[:PORT]/PATH/cryptoflow --version V (--key cosign.pub [--no-tlog] |
// --certificate-identity ID --certificate-oidc-issuer URL) [--plain-http]`: what a user runs before
// installing: cosign checks that the digest the version points at now carries a valid signature.
import { parseArgs } from "node:util";
import { runMain } from "../entry.ts";
import { type CosignResult, cosignError, runCosign, sharedFailure } from "./cosign-cli.ts";
import { readableKey } from "./cosign-key.ts";
import { withRegistryLogin } from "./registry-login.ts";
import { parseReference } from "./registry-reference.ts";

const usage =
  "usage: npm run verify-signature -- oci://HOST[:PORT]/PATH/CHART --version V (--key cosign.pub [--no-tlog] | --certificate-identity ID --certificate-oidc-issuer URL) [--plain-http]";

interface Signer {
  args: string[];
  /** Who the signature must come from, as the messages say it. */
  name: string;
}

function expectedSigner(values: {
  key?: string;
  "no-tlog"?: boolean;
  "certificate-identity"?: string;
  "certificate-oidc-issuer"?: string;
}): Signer {
  const { key, "certificate-identity": identity, "certificate-oidc-issuer": issuer } = values;
  if (key && (identity || issuer)) throw new Error("give --key or --certificate-identity, not both");
  if (values["no-tlog"] && !key) {
    throw new Error("--no-tlog needs --key: a keyless signature is only trusted through the transparency log");
  }
  if (key) {
    readableKey(key, "public");
    return { args: ["--key", key, ...(values["no-tlog"] ? ["--insecure-ignore-tlog"] : [])], name: key };
  }
  if (!identity || !issuer) {
    throw new Error(
      `say whose signature to expect: --key cosign.pub, or --certificate-identity and --certificate-oidc-issuer for a keyless one; ${usage}`,
    );
  }
  return {
    args: ["--certificate-identity", identity, "--certificate-oidc-issuer", issuer],
    name: `${identity} (issuer ${issuer})`,
  };
}

function verifyFailure(result: CosignResult, registry: string, target: string, signer: Signer): string {
  const known = sharedFailure(result, registry);
  if (known) return known;
  // cosign's exit codes: 10 no signature on the image, 11 no such tag, 12 no signature matches.
  if (result.status === 11 || /MANIFEST_UNKNOWN|NAME_UNKNOWN|image tag not found/.test(result.stderr)) {
    return `chart version not in the registry: ${target} was not found; check the reference and --version`;
  }
  if (result.status === 10 || /no signatures found/.test(result.stderr)) {
    return `not signed: ${target} has no cosign signature; a version re-pushed after signing has a new digest that the old signature does not cover`;
  }
  if (result.status === 12 || /no matching (attestations|signatures)/.test(result.stderr)) {
    return `signature not verified: no signature on ${target} is valid for ${signer.name} (${cosignError(result)})`;
  }
  return `cosign verify failed: ${cosignError(result)}`;
}

/** The digest cosign's JSON output (one claim per valid signature) says it verified. */
function verifiedDigest(stdout: string): string | undefined {
  const claims = JSON.parse(stdout) as { critical?: { image?: { "docker-manifest-digest"?: string } } }[];
  return claims[0]?.critical?.image?.["docker-manifest-digest"];
}

function main(): void {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      version: { type: "string" },
      key: { type: "string" },
      "no-tlog": { type: "boolean", default: false },
      "certificate-identity": { type: "string" },
      "certificate-oidc-issuer": { type: "string" },
      "plain-http": { type: "boolean", default: false },
    },
  });
  if (positionals.length !== 1) throw new Error(usage);
  const { reference, registry, repository } = parseReference(positionals[0], usage);
  if (!values.version) throw new Error(`--version is required, as for helm install; ${usage}`);
  const signer = expectedSigner(values);
  const target = `${reference}:${values.version}`;
  const plainHttp = values["plain-http"] ? ["--plain-http"] : [];
  withRegistryLogin(registry, plainHttp, (env) => {
    const http = values["plain-http"] ? ["--allow-http-registry"] : [];
    const result = runCosign(["verify", ...signer.args, ...http, `${repository}:${values.version}`], { env });
    if (result.status !== 0) throw new Error(verifyFailure(result, registry, target, signer));
    const digest = verifiedDigest(result.stdout);
    if (!digest) throw new Error(`cosign verify printed no digest for ${target}: ${result.stdout.slice(0, 200)}`);
    const tlog = values["no-tlog"] ? "; transparency log not checked (--no-tlog)" : "";
    console.log(`verified: ${target} is ${digest}, signed by ${signer.name}${tlog}`);
  });
}

runMain(main);
