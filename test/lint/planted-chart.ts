// Plants one defect in a temporary copy of chart/ and runs the lint engine on the copy.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseDocument } from "yaml";
import { chartDir as committedChartDir } from "../../scripts/chart/folder.ts";
import type { ChartBaseline } from "../../scripts/lint/chart-testing.ts";
import { lintChart } from "../../scripts/lint/engine.ts";
import { type Finding, formatFinding } from "../../scripts/lint/findings.ts";

export type Plant = (chartDir: string) => void;

/** Replaces the first match in a chart file; throws when the pattern is gone, so a stale plant never passes quietly. */
export function replaceIn(chartDir: string, file: string, pattern: RegExp, replacement: string): void {
  const path = join(chartDir, file);
  const text = readFileSync(path, "utf8");
  if (!pattern.test(text)) throw new Error(`planting failed: ${pattern} not found in chart/${file}; update the test`);
  writeFileSync(path, text.replace(pattern, replacement));
}

/** The api template file that holds the api container (its pod template may live in a helper file). */
export function apiContainerFile(chartDir: string): string {
  const files = readdirSync(join(chartDir, "templates", "api")).map((file) => join("templates", "api", file));
  const found = files.find((file) => readFileSync(join(chartDir, file), "utf8").includes("livenessProbe:"));
  if (!found) throw new Error("planting failed: no api template with a livenessProbe; update the test");
  return found;
}

/** Sets one key of values.yaml, keeping the file's comments and layout (ct runs yamllint on it). */
export function setValue(chartDir: string, path: (string | number)[], value: unknown): void {
  const file = join(chartDir, "values.yaml");
  const document = parseDocument(readFileSync(file, "utf8"));
  document.setIn(path, value);
  writeFileSync(file, document.toString());
}

export interface LintRun {
  findings: Finding[];
  lines: string[];
}

/**
 * Lints a planted copy. The plants change the chart's own values and templates, so the default
 * profile shows them; the other profiles are linted only when asked (each adds about ten seconds).
 */
export async function lintWithPlant(
  plant: Plant,
  baseline?: ChartBaseline,
  profiles: "default only" | "every profile" = "default only",
): Promise<LintRun> {
  const chartDir = join(mkdtempSync(join(tmpdir(), "cryptoflow-planted-")), "cryptoflow");
  try {
    cpSync(committedChartDir, chartDir, { recursive: true });
    plant(chartDir);
    const findings = (
      await lintChart({ chartDir, baseline, profiles: profiles === "default only" ? ["default"] : undefined })
    ).flatMap((result) => result.findings);
    return { findings, lines: findings.map(formatFinding) };
  } finally {
    rmSync(join(chartDir, ".."), { recursive: true, force: true });
  }
}
