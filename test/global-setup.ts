// Runs once before any test file: says which helm binaries this run tests, so a run with
// HELM_BIN (one major only) is visibly narrower than a full one.
import { helmBinaries } from "../scripts/tools.ts";

export default function announceHelms(): void {
  const helms = helmBinaries();
  for (const helm of helms) console.log(`tests use helm ${helm.version} (Helm ${helm.major}): ${helm.path}`);
  const missing = ([3, 4] as const).filter((major) => !helms.some((helm) => helm.major === major));
  for (const major of missing) console.log(`Helm ${major} is not in use: its cases are reported as skipped`);
}
