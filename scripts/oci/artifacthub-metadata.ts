// `npm run publish-artifacthub-metadata -- oci://HOST[:PORT]/PATH [--plain-http]`: pushes
// chart/artifacthub-repo.yml as `PATH/cryptoflow:artifacthub.io`, the artifact Artifact Hub reads
// an OCI repository's owners and ID from (its config and layer media types are Artifact Hub's).
// Credentials as for `npm run publish`: HELM_REGISTRY_USERNAME/HELM_REGISTRY_PASSWORD, else what
// `helm registry login` saved.
import { spawnSync } from "node:child_process";
import { homedir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { chartDir } from "../chart/folder.ts";
import { runMain } from "../entry.ts";
import { currentChanges } from "../generator/changelog.ts";
import { chartIdentity } from "./chart-archive.ts";
import { orasBinary } from "./oras-tool.ts";
import { classify, failureMessage } from "./registry-errors.ts";
import { withRegistryLogin } from "./registry-login.ts";
import { parseReference } from "./registry-reference.ts";

const usage = "usage: npm run publish-artifacthub-metadata -- oci://HOST[:PORT]/PATH [--plain-http]";
const metadataTag = "artifacthub.io";
const metadataMediaTypes = {
  config: "application/vnd.cncf.artifacthub.config.v1+yaml",
  layer: "application/vnd.cncf.artifacthub.repository-metadata.layer.v1.yaml",
};

/** The registry config helm logs in to (a throwaway one with credentials in the environment); oras reads the same format. */
function helmRegistryConfig(env: NodeJS.ProcessEnv): string {
  if (env.HELM_REGISTRY_CONFIG) return env.HELM_REGISTRY_CONFIG;
  const configHome = env.XDG_CONFIG_HOME ?? join(homedir(), ".config");
  return join(configHome, "helm", "registry", "config.json");
}

function main(): void {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { "plain-http": { type: "boolean", default: false } },
  });
  if (positionals.length !== 1) throw new Error(usage);
  const { repository, registry } = parseReference(positionals[0], usage);
  const chart = chartIdentity();
  const target = `${repository}/${chart.name}:${metadataTag}`;
  const plainHttp = values["plain-http"] ? ["--plain-http"] : [];
  withRegistryLogin(registry, plainHttp, (env) => {
    const args = [
      "push",
      target,
      "--registry-config",
      helmRegistryConfig(env),
      "--config",
      `/dev/null:${metadataMediaTypes.config}`,
      `artifacthub-repo.yml:${metadataMediaTypes.layer}`,
      // Stamped with the release's date, not the clock: the same release pushes the same artifact.
      "--annotation",
      `org.opencontainers.image.created=${currentChanges(chart.version).date}T00:00:00Z`,
      "--format",
      "go-template={{.reference}}",
      ...plainHttp,
    ];
    // From chart/, so the layer's title is the file's name and not a path.
    const pushed = spawnSync(orasBinary(), args, { cwd: chartDir, env, encoding: "utf8", timeout: 120_000 });
    if (pushed.error) throw new Error(`could not run oras: ${pushed.error.message}`);
    const result = { status: pushed.status ?? 1, stdout: pushed.stdout, stderr: pushed.stderr };
    if (result.status !== 0) throw new Error(failureMessage(classify(result), registry, result, "oras"));
    console.log(`artifacthub metadata: ${target} (${result.stdout.trim()})`);
  });
}

runMain(main);
