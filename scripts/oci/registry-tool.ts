// The OCI registry the publish tests push to: CNCF Distribution, built from the Go module proxy
// like helm (see scripts/tools.ts), plus the gpg check the provenance tests need.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { isEntry, runMain } from "../entry.ts";
import { ensureTool, type GoTool, toolPath } from "../tools.ts";
import { ensureOras } from "./oras-tool.ts";

export const registryTool: GoTool = {
  name: "registry",
  module: "github.com/distribution/distribution/v3",
  installPath: "github.com/distribution/distribution/v3/cmd/registry",
  version: "v3.1.2",
  // Without this `registry --version` says "v3.1.2+unknown".
  ldflags: () => ["-X github.com/distribution/distribution/v3/version.version=v3.1.2"],
};

/** Path of the built registry, or a thrown one-line message saying how to build it. */
export function registryBinary(): string {
  const path = toolPath(registryTool);
  if (!existsSync(path)) {
    throw new Error(
      `the Distribution registry ${registryTool.version} is not built (${path}): run \`npx tsx scripts/oci/registry-tool.ts\` or \`npm run setup\``,
    );
  }
  return path;
}

/** Thrown one-line message when gpg (Debian package `gnupg`) is missing: signing needs it. */
export function checkGpg(): void {
  const probe = spawnSync("gpg", ["--version"], { encoding: "utf8" });
  if (probe.error || probe.status !== 0) {
    throw new Error("gpg was not found: install GnuPG (Debian: apt-get install gnupg) to sign and verify charts");
  }
}

/** Builds the registry and oras if missing and checks gpg: what `npm run test:oci` needs besides helm. */
export async function ensureRegistryTools(): Promise<void> {
  const path = await ensureTool(registryTool);
  console.log(`registry: ${path}`);
  console.log(`oras: ${await ensureOras()}`);
  checkGpg();
  console.log("gpg: found");
}

if (isEntry(import.meta.url)) {
  runMain(ensureRegistryTools);
}
