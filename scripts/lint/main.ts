// `npm run lint`: tsc, Biome and generated-chart drift, then every chart check on chart/. Prints
// one line per finding (tool/rule: object field: what to do) and one summary line per tool;
// exits 1 when anything was found.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { projectRoot } from "../tools.ts";
import type { ChartBaseline } from "./chart-testing.ts";
import { lintChart } from "./engine.ts";
import { formatFinding, summaryLine, type ToolResult, uniqueFindings } from "./findings.ts";
import { biomeCheck, chartDrift, typeCheck } from "./project-checks.ts";

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
  const chartDir = join(projectRoot, "chart");
  const baseline = defaultBaseline();
  console.log(
    `linting ${chartDir} (chart-testing version baseline: ${baseline ? `chart/ at ${baseline.ref}` : "none"})`,
  );
  const results = [await typeCheck(), await biomeCheck(), await chartDrift(chartDir)];
  results.push(...(await lintChart({ chartDir, baseline })));
  const count = report(results);
  console.log(`${count} findings in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  process.exitCode = count ? 1 : 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((error: Error) => {
    console.error(`error: ${error.message}`);
    process.exit(1);
  });
}
