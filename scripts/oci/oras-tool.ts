// ORAS, the OCI artifact client Artifact Hub documents for pushing repository metadata, built
// from the Go module proxy like helm (see scripts/tools.ts). Its version is set in its source.
import { existsSync } from "node:fs";
import { ensureTool, type GoTool, toolPath } from "../tools.ts";

export const orasTool: GoTool = {
  name: "oras",
  module: "oras.land/oras",
  installPath: "oras.land/oras/cmd/oras",
  version: "v1.3.6",
  ldflags: () => [],
};

/** Path of the built oras, or a thrown one-line message saying how to build it. */
export function orasBinary(): string {
  const path = toolPath(orasTool);
  if (!existsSync(path)) {
    throw new Error(`oras ${orasTool.version} is not built (${path}): run \`npm run setup\``);
  }
  return path;
}

export const ensureOras = () => ensureTool(orasTool);
