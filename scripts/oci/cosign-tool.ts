// cosign, which signs and verifies the published chart by digest (npm run sign and
// verify-signature), built from the Go module proxy like helm and the registry (scripts/tools.ts).
import { existsSync } from "node:fs";
import { isEntry, runMain } from "../entry.ts";
import { ensureTool, type GoTool, toolPath } from "../tools.ts";

export const cosignTool: GoTool = {
  name: "cosign",
  module: "github.com/sigstore/cosign/v3",
  installPath: "github.com/sigstore/cosign/v3/cmd/cosign",
  version: "v3.1.3",
  // What `make cosign` sets; without it a build outside `go install module@version` says "devel".
  ldflags: () => ["-X sigs.k8s.io/release-utils/version.gitVersion=v3.1.3"],
};

/** Path of the built cosign, or a thrown one-line message saying how to build it. */
export function cosignBinary(): string {
  const path = toolPath(cosignTool);
  if (!existsSync(path)) {
    throw new Error(
      `cosign ${cosignTool.version} is not built (${path}): run \`npx tsx scripts/oci/cosign-tool.ts\` or \`npm run setup\``,
    );
  }
  return path;
}

export async function ensureCosign(): Promise<void> {
  console.log(`cosign: ${await ensureTool(cosignTool)}`);
}

if (isEntry(import.meta.url)) {
  runMain(ensureCosign);
}
