// `npm run lint`: tsc, Biome, generated-chart drift, the GitHub workflows and the Renovate
// config, then every chart check on chart/. Prints one line per finding (tool/rule: object field:
// what to do) and one summary line per tool; exits 1 when anything was found.
import { spawnSync } from "node:child_process";
import { chartDir } from "../chart/folder.ts";
import { isEntry, runMain } from "../entry.ts";
import { projectRoot } from "../project-root.ts";
import type { ChartBaseline } from "./chart-testing.ts";
import { lintChart } from "./engine.ts";
import { formatFinding, summaryLine, type ToolResult, uniqueFindings } from "./findings.ts";
import { biomeCheck, driftCheck, typeCheck } from "./project-checks.ts";
import { renovateCheck } from "./renovate.ts";
import { lintWorkflows } from "./workflows.ts";

const gitOk = (...args: string[]) => spawnSync("git", args, { cwd: projectRoot }).status === 0;
const gitOutput = (...args: string[]) => spawnSync("git", args, { cwd: projectRoot, encoding: "utf8" }).stdout.trim();

/**
 * The chart ct checks the version against: LINT_BASELINE_REF when set (e.g. the last release
 * tag); the last commit when chart/ has uncommitted changes (bump before committing); otherwise
 * the parent of the last commit that changed chart/, so the most recent chart change must have
 * bumped the version however many other commits came after it. None outside a git checkout or
 * when that commit has no parent (ct then treats the chart as new).
 */
export function defaultBaseline(): ChartBaseline | undefined {
  const chosen = process.env.LINT_BASELINE_REF;
  if (chosen) return { repo: projectRoot, ref: chosen, path: "chart" };
  if (!gitOk("rev-parse", "--verify", "-q", "HEAD")) return undefined;
  if (gitOutput("status", "--porcelain", "--", "chart")) return { repo: projectRoot, ref: "HEAD", path: "chart" };
  const lastChange = gitOutput("log", "-1", "--format=%h", "--", "chart");
  if (!lastChange || !gitOk("rev-parse", "--verify", "-q", `${lastChange}~1`)) return undefined;
  return { repo: projectRoot, ref: `${lastChange}~1`, path: "chart" };
}

/**
 * ct's version-increment check needs the history of chart/: in a shallow clone the baseline is
 * missing, and the check would silently not run. That is a finding, with the fix; no baseline for
 * another reason is a note.
 */
function historyCheck(baseline: ChartBaseline | undefined): ToolResult {
  const result: ToolResult = { tool: "git-history", checks: 1, findings: [] };
  if (!baseline) {
    result.notes = [
      "no chart baseline (not a git checkout, or chart/ has one commit): ct treats the chart as new and does not check its version",
    ];
  }
  if (!process.env.LINT_BASELINE_REF && gitOutput("rev-parse", "--is-shallow-repository") === "true") {
    result.findings.push({
      tool: "git-history",
      rule: "shallow-clone",
      object: "repository",
      field: "-",
      message:
        "this clone is shallow, so ct's version-increment check has no previous chart to compare with: run `git fetch --unshallow` (or clone with full history, e.g. fetch-depth: 0), or set LINT_BASELINE_REF to a ref you have",
    });
  }
  return result;
}

export function report(results: ToolResult[]): number {
  const findings = uniqueFindings(results.flatMap((result) => result.findings));
  for (const finding of findings) console.log(formatFinding(finding));
  if (findings.length) console.log("");
  for (const result of results) console.log(summaryLine({ ...result, findings: uniqueFindings(result.findings) }));
  for (const note of results.flatMap((result) => result.notes ?? [])) console.log(`note: ${note}`);
  return findings.length;
}

async function main(): Promise<void> {
  const started = Date.now();
  const baseline = defaultBaseline();
  console.log(
    `linting ${chartDir} (chart-testing version baseline: ${baseline ? `chart/ at ${baseline.ref}` : "none"})`,
  );
  const results = [historyCheck(baseline), await typeCheck(), await biomeCheck(), driftCheck(), await renovateCheck()];
  results.push(...(await lintWorkflows()));
  results.push(...(await lintChart({ chartDir, baseline })));
  const count = report(results);
  console.log(`lint: ${count} finding${count === 1 ? "" : "s"} in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  process.exitCode = count ? 1 : 0;
}

if (isEntry(import.meta.url)) {
  runMain(main);
}
