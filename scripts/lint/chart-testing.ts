// `ct lint` from chart-testing: yamale on Chart.yaml, yamllint on Chart.yaml and values files,
// helm lint, and the version-increment check. ct finds "the previous chart" through
// `git show <remote>/<target-branch>:chart/Chart.yaml`, so it needs a remote branch; this repo has
// no remote, and a planted-defect copy is no repository at all. So each run builds a throwaway
// repository: a first commit holding the baseline chart (the chart at a ref of this repository)
// pointed at by refs/remotes/baseline/main, and a second holding the chart being linted. ct then
// runs with --remote baseline --target-branch main: `ct list-changed` says whether the chart
// changed; if so, `ct lint` picks it as a changed chart and checks its version increment (ct's own
// rule), otherwise it is linted by name with --charts, which ct runs without the version check.
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { execa } from "execa";
import { projectRoot } from "../project-root.ts";
import { lintVenv, venvDir } from "../python-venv.ts";
import type { HelmBinary } from "../tools.ts";
import type { Finding, ToolResult } from "./findings.ts";
import { builtTool, chartTestingTool } from "./tools.ts";

const pythonToolsDir = venvDir(lintVenv);
const lintConfig = (file: string) => join(projectRoot, "lint", file);
/** ct's chart-dirs are folders that hold charts, so the throwaway repository keeps the chart at charts/cryptoflow. */
const chartInRepo = "charts/cryptoflow";

/** The chart as it is at a ref of a git repository: the version ct compares against. */
export interface ChartBaseline {
  repo: string;
  ref: string;
  /** The chart's folder inside that repository. */
  path: string;
}

async function git(cwd: string, ...args: string[]) {
  return execa("git", ["-c", "user.name=cryptoflow-lint", "-c", "user.email=lint@localhost", ...args], { cwd });
}

async function commitChart(repo: string, message: string): Promise<void> {
  await git(repo, "add", "-A");
  await git(repo, "commit", "-q", "--allow-empty", "-m", message);
}

/** A repository whose baseline/main holds the baseline chart and whose HEAD holds the linted one. */
async function throwawayRepository(chartDir: string, baseline?: ChartBaseline): Promise<string> {
  const repo = mkdtempSync(join(tmpdir(), "cryptoflow-ct-"));
  await git(repo, "init", "-q", "-b", "lint");
  if (baseline) {
    mkdirSync(join(repo, chartInRepo), { recursive: true });
    const archive = await execa("git", ["archive", "--format=tar", `${baseline.ref}:${baseline.path}`], {
      cwd: baseline.repo,
      encoding: "buffer",
    });
    await execa("tar", ["-x", "-C", join(repo, chartInRepo)], { input: archive.stdout });
  }
  await commitChart(repo, `baseline: ${baseline ? `${baseline.path} at ${baseline.ref}` : "none"}`);
  await git(repo, "update-ref", "refs/remotes/baseline/main", "HEAD");
  rmSync(join(repo, chartInRepo), { recursive: true, force: true });
  cpSync(chartDir, join(repo, chartInRepo), { recursive: true });
  await commitChart(repo, "the chart being linted");
  return repo;
}

/** ct reports one error per chart; its output has the detail (yamllint lines, yamale errors, helm lint lines). */
export function parseChartTestingOutput(output: string): Finding[] {
  const findings: Finding[] = [];
  const add = (rule: string, field: string, message: string) =>
    findings.push({ tool: "chart-testing", rule, object: "chart", field, message });
  let yamlFile = "";
  for (const line of output.split("\n")) {
    // yamllint prints the file on a line of its own, then one indented line per problem.
    const lintFile = line.match(/^charts\/cryptoflow\/(\S+)$/);
    if (lintFile) yamlFile = lintFile[1];
    const yamllint = line.match(/^\s+(\d+):(\d+)\s+(error|warning)\s+(.*)$/);
    if (yamllint)
      add("yamllint", `${yamlFile}:${yamllint[1]}`, `${yamllint[4]}: fix the YAML (rules in lint/lintconf.yaml)`);
    if (/Needs a version bump/.test(line)) {
      add(
        "version-increment",
        "Chart.yaml version",
        "the chart changed but its version did not: bump version in schema/chart.ts",
      );
    }
    const yamale = line.match(/^\s*(\S+): (.*(?:not a|Required field missing|Unexpected element).*)$/);
    if (yamale) add("chart-schema", `Chart.yaml ${yamale[1]}`, `${yamale[2]} (schema: lint/chart_schema.yaml)`);
    const helm = line.match(/^\[(ERROR|WARNING)\]\s+([^:]*):\s*(.*)$/);
    if (helm) add("helm-lint", helm[2] || "chart", helm[3]);
  }
  return findings;
}

export async function chartTesting(
  helm: HelmBinary,
  chartDir: string,
  baseline?: ChartBaseline,
): Promise<ToolResult & { versionChecked: boolean }> {
  const ct = builtTool(chartTestingTool);
  if (!existsSync(join(pythonToolsDir, "bin", "yamllint")) || !existsSync(join(pythonToolsDir, "bin", "yamale"))) {
    throw new Error(
      `yamllint and yamale are not installed in ${pythonToolsDir}: run \`npx tsx scripts/lint/setup.ts\``,
    );
  }
  const repo = await throwawayRepository(chartDir, baseline);
  try {
    const helmDir = helm.path.includes("/") ? [dirname(helm.path)] : [];
    const env = { PATH: [...helmDir, join(pythonToolsDir, "bin"), process.env.PATH].join(delimiter) };
    const common = ["--config", lintConfig("ct.yaml"), "--remote", "baseline", "--target-branch", "main"];
    const changed = await execa(ct, ["list-changed", ...common], { cwd: repo, env, reject: false });
    const versionChecked = !!baseline && changed.stdout.split("\n").some((line) => line.trim() === chartInRepo);
    const result = await execa(
      ct,
      [
        "lint",
        ...common,
        // With --charts ct turns the version check off; without, it lints the changed charts and checks their versions.
        ...(versionChecked ? [] : ["--charts", chartInRepo]),
        "--lint-conf",
        lintConfig("lintconf.yaml"),
        "--chart-yaml-schema",
        lintConfig("chart_schema.yaml"),
        "--validate-maintainers=false",
        `--check-version-increment=${versionChecked}`,
      ],
      { cwd: repo, env, reject: false, all: true },
    );
    const findings = result.exitCode === 0 ? [] : parseChartTestingOutput(String(result.all));
    if (result.exitCode !== 0 && findings.length === 0) {
      const tail = String(result.all).trim().split("\n").slice(-3).join(" / ");
      findings.push({ tool: "chart-testing", rule: "ct-lint", object: "chart", field: "chart", message: tail });
    }
    // yamale on Chart.yaml, yamllint on Chart.yaml and values.yaml, helm lint, and the version when checked.
    return { tool: "chart-testing", checks: versionChecked ? 4 : 3, findings, versionChecked };
  } finally {
    rmSync(repo, { recursive: true, force: true });
  }
}
