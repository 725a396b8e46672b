// The previous released chart, for the upgrade-path test: chart/ as it stood just before the
// commit that set the current version, i.e. the last state of the previous version (what a
// release of it would have shipped).
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { projectRoot } from "../../scripts/project-root.ts";

const chartFacts = "schema/chart.ts";

export type PreviousChart =
  | { found: true; version: string; commit: string; chartDir: string }
  | { found: false; currentVersion: string; reason: string };

function git(args: string[]): string {
  return execFileSync("git", args, { cwd: projectRoot, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
}

function versionIn(source: string): string | undefined {
  return source.match(/\bversion:\s*"([^"]+)"/)?.[1];
}

/** Version of schema/chart.ts at `commit`, or undefined when the file did not exist there. */
function versionAt(commit: string): string | undefined {
  try {
    return versionIn(git(["show", `${commit}:${chartFacts}`]));
  } catch {
    return undefined;
  }
}

/** Extracts chart/ of the previous chart version into a temporary folder (git archive), if there is one. */
export function previousChart(): PreviousChart {
  // A shallow clone hides the previous version; reporting "none" there would skip the test silently.
  if (git(["rev-parse", "--is-shallow-repository"]).trim() === "true") {
    throw new Error(
      "this clone is shallow, so the previous chart version cannot be found: run `git fetch --unshallow` (in CI, check out with full history, e.g. fetch-depth: 0)",
    );
  }
  const currentVersion = versionAt("HEAD") ?? "unknown";
  // Newest first: the commits that touched the chart's facts.
  const commits = git(["log", "--format=%H", "--", chartFacts]).split("\n").filter(Boolean);
  // The oldest commit of the run that carries the current version is the one that set it.
  let bump = -1;
  while (bump + 1 < commits.length && versionAt(commits[bump + 1]) === currentVersion) bump++;
  const before = bump >= 0 ? `${commits[bump]}^` : undefined;
  const version = before ? versionAt(before) : undefined;
  if (before && version && version !== currentVersion) {
    const commit = git(["rev-parse", before]).trim();
    const dir = mkdtempSync(join(tmpdir(), `cryptoflow-chart-${version}-`));
    execFileSync("sh", ["-c", `git archive ${commit} chart | tar -x -C "${dir}"`], { cwd: projectRoot });
    return { found: true, version, commit, chartDir: join(dir, "chart") };
  }
  return {
    found: false,
    currentVersion,
    reason: `chart ${currentVersion} is the first version: no commit in ${chartFacts}'s history (${commits.length} commit(s)) has another version`,
  };
}
