// Checks of the repository itself, run before the chart tools: TypeScript types (tsc --noEmit),
// Biome's formatter and linter, and generated-chart drift (scripts/chart/drift.ts).
import { join } from "node:path";
import { execa } from "execa";
import { chartDrift, type DriftedFile } from "../chart/drift.ts";
import { projectRoot } from "../project-root.ts";
import type { Finding, ToolResult } from "./findings.ts";

const bin = (name: string) => join(projectRoot, "node_modules", ".bin", name);

export async function typeCheck(): Promise<ToolResult> {
  const result = await execa(bin("tsc"), ["--noEmit", "--pretty", "false"], {
    cwd: projectRoot,
    reject: false,
    all: true,
  });
  const findings: Finding[] = [];
  for (const line of String(result.all).split("\n")) {
    const match = line.match(/^(.+)\((\d+),(\d+)\): error (TS\d+): (.*)$/);
    if (match) {
      findings.push({
        tool: "tsc",
        rule: match[4],
        object: match[1],
        field: `line ${match[2]}`,
        message: `${match[5]}: fix the type error`,
      });
    }
  }
  if (result.exitCode !== 0 && findings.length === 0) {
    findings.push({ tool: "tsc", rule: "tsc", object: "project", field: "-", message: String(result.all).trim() });
  }
  return { tool: "tsc", checks: 1, findings };
}

interface BiomeDiagnostic {
  category?: string;
  severity?: string;
  message?: string;
  location?: { path?: { file?: string } | string; start?: { line: number } };
}

export async function biomeCheck(): Promise<ToolResult> {
  const args = ["check", ".", "--reporter=json", "--max-diagnostics=200"];
  const result = await execa(bin("biome"), args, { cwd: projectRoot, reject: false });
  const report = JSON.parse(result.stdout || "{}") as {
    diagnostics?: BiomeDiagnostic[];
    summary?: { changed?: number; unchanged?: number };
  };
  const findings = (report.diagnostics ?? [])
    .filter((diagnostic) => diagnostic.severity === "error" || diagnostic.severity === "warning")
    .map((diagnostic): Finding => {
      const path = diagnostic.location?.path;
      const file = typeof path === "string" ? path : (path?.file ?? "project");
      const category = diagnostic.category ?? "biome";
      const fix =
        category === "format" ? "run `npx biome check --write .`" : "fix it or run `npx biome check --write .`";
      return {
        tool: "biome",
        rule: category,
        object: file,
        field: diagnostic.location?.start?.line ? `line ${diagnostic.location.start.line}` : "file",
        message: `${(diagnostic.message ?? "finding").replace(/:$/, "")}: ${fix}`,
      };
    });
  if (result.exitCode !== 0 && findings.length === 0) {
    findings.push({
      tool: "biome",
      rule: "check",
      object: "project",
      field: "-",
      message: (result.stderr || result.stdout).trim(),
    });
  }
  const checked = (report.summary?.changed ?? 0) + (report.summary?.unchanged ?? 0);
  return { tool: "biome", checks: checked, findings };
}

const driftMessages: Record<DriftedFile["change"], string> = {
  missing: "generated but missing from chart/",
  differs: "differs from what the generator writes",
  extra: "in chart/ but no longer generated",
};

/** chart/ against what `npm run generate` writes now: one finding per file that differs. */
export function driftCheck(): ToolResult {
  const { generated, drifted } = chartDrift();
  const findings = drifted.map(
    ({ file, change }): Finding => ({
      tool: "drift",
      rule: "generated-chart",
      object: `chart/${file}`,
      field: "file",
      message: `${driftMessages[change]}: run \`npm run generate\` and commit chart/`,
    }),
  );
  return { tool: "drift", checks: generated.length, findings };
}
