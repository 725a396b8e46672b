// The previous released chart, for the upgrade-path test: chart/ as of the git commit that last
// changed `version` in schema/chart.ts before the commit that set the current version.
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { projectRoot } from "../../scripts/tools.ts";

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
  const currentVersion = versionAt("HEAD") ?? "unknown";
  // Newest first: the commits that touched the chart's facts.
  const commits = git(["log", "--format=%H", "--", chartFacts]).split("\n").filter(Boolean);
  const versions = commits.map((commit) => ({ commit, version: versionAt(commit) }));
  const start = versions.findIndex((v) => v.version && v.version !== currentVersion);
  if (start >= 0) {
    // Walk back to the commit that set the previous version: the oldest of its run.
    let end = start;
    while (versions[end + 1]?.version === versions[start]?.version) end++;
    const { commit, version } = versions[end] as { commit: string; version: string };
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
