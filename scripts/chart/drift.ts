// Is the committed chart/ what `npm run generate` writes today? Generates into a scratch folder
// (`generate.ts --out`, which leaves chart/ and the README alone) and compares file by file.
// `npm run package` refuses a drifted chart, `npm run lint` reports it, and a test asserts none.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { projectRoot } from "../project-root.ts";
import { chartFiles } from "./folder.ts";

export interface DriftedFile {
  /** The path under chart/. */
  file: string;
  change: "missing" | "extra" | "differs";
}

export interface ChartDrift {
  /** Every file the generator writes, under chart/. */
  generated: string[];
  /** Files that are missing from chart/, in it but no longer generated, or different; in path order. */
  drifted: DriftedFile[];
}

/** Compares the chart/ of a project (this one unless given) with what its generator writes now. */
export function chartDrift(root: string = projectRoot): ChartDrift {
  const scratch = mkdtempSync(join(tmpdir(), "cryptoflow-generated-"));
  try {
    const tsx = join(root, "node_modules", ".bin", "tsx");
    const run = spawnSync(tsx, [join("scripts", "generate.ts"), "--out", scratch], {
      cwd: root,
      encoding: "utf8",
      timeout: 120_000,
    });
    if (run.status !== 0) {
      const reason = (run.stderr || run.stdout || run.error?.message || "").trim().split("\n")[0];
      throw new Error(`could not regenerate the chart to compare: ${reason}`);
    }
    const committedDir = join(root, "chart");
    const generated = chartFiles(scratch);
    const committed = chartFiles(committedDir);
    const drifted: DriftedFile[] = [...new Set([...generated, ...committed])].sort().flatMap((file): DriftedFile[] => {
      if (!committed.includes(file)) return [{ file, change: "missing" }];
      if (!generated.includes(file)) return [{ file, change: "extra" }];
      const same = readFileSync(join(scratch, file)).equals(readFileSync(join(committedDir, file)));
      return same ? [] : [{ file, change: "differs" }];
    });
    return { generated, drifted };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
