// Is the committed chart/ what `npm run generate` makes today? Regenerates into a throwaway copy
// of the project (generate.ts writes next to itself), so chart/ is never touched by the check.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { projectRoot } from "../project-root.ts";

/** Not inputs to the generator, or too big to copy: the copy links node_modules instead. */
const notCopied = new Set([".git", "node_modules", ".tools", "dist", "coverage", "chart"]);

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return (readdirSync(dir, { recursive: true }) as string[])
    .filter((path) => statSync(join(dir, path)).isFile())
    .sort();
}

/** Relative paths under chart/ that are missing, extra or different from a fresh generation. */
export function chartDrift(root: string = projectRoot): string[] {
  const copy = mkdtempSync(join(tmpdir(), "cryptoflow-drift-"));
  try {
    for (const entry of readdirSync(root)) {
      if (!notCopied.has(entry)) cpSync(join(root, entry), join(copy, entry), { recursive: true });
    }
    symlinkSync(join(root, "node_modules"), join(copy, "node_modules"), "dir");
    const tsx = join(root, "node_modules", ".bin", "tsx");
    const run = spawnSync(tsx, ["scripts/generate.ts"], { cwd: copy, encoding: "utf8", timeout: 120_000 });
    if (run.status !== 0) {
      throw new Error(`could not regenerate the chart to compare: ${(run.stderr || run.stdout).trim().split("\n")[0]}`);
    }
    const fresh = join(copy, "chart");
    const committed = join(root, "chart");
    const paths = new Set([...filesUnder(fresh), ...filesUnder(committed)]);
    return [...paths]
      .filter((path) => {
        const [a, b] = [join(fresh, path), join(committed, path)];
        return !existsSync(a) || !existsSync(b) || !readFileSync(a).equals(readFileSync(b));
      })
      .sort();
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}
