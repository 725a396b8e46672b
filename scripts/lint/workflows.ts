// The checks of .github/workflows/: actionlint, the workflow JSON schema and the project's pinning
// and permissions rules, each its own tool in the report. They take a repository root, so the
// planted-defect tests run them on copies. Run directly to check the workflows alone:
// `npx tsx scripts/lint/workflows.ts [actionlint|workflow-schema|workflow-policy]`.
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { isEntry, runMain } from "../entry.ts";
import { projectRoot } from "../project-root.ts";
import { actionlint } from "./actionlint.ts";
import { formatFinding, summaryLine, type ToolResult } from "./findings.ts";
import { workflowPolicy } from "./workflow-policy.ts";
import { workflowSchema } from "./workflow-schema.ts";

export const workflowTools = ["actionlint", "workflow-schema", "workflow-policy"] as const;
export type WorkflowTool = (typeof workflowTools)[number];

/** The workflow files, relative to the root (`.github/workflows/x.yml`), sorted. */
export function workflowFiles(root: string): string[] {
  const dir = join(root, ".github", "workflows");
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => join(".github", "workflows", name));
}

export async function lintWorkflows(
  root = projectRoot,
  only: readonly WorkflowTool[] = workflowTools,
): Promise<ToolResult[]> {
  const files = workflowFiles(root);
  const run: Record<WorkflowTool, () => Promise<ToolResult> | ToolResult> = {
    actionlint: () => actionlint(root, files),
    "workflow-schema": () => workflowSchema(root, files),
    "workflow-policy": () => workflowPolicy(root, files),
  };
  const results: ToolResult[] = [];
  for (const tool of only) {
    // actionlint given no files would look for workflows itself.
    results.push(files.length ? await run[tool]() : { tool, checks: 0, findings: [], notes: ["no workflow files"] });
  }
  return results;
}

async function main(): Promise<void> {
  const asked = process.argv.slice(2);
  const unknown = asked.filter((tool) => !(workflowTools as readonly string[]).includes(tool));
  if (unknown.length) throw new Error(`unknown tool ${unknown.join(", ")}; choose from ${workflowTools.join(", ")}`);
  const results = await lintWorkflows(projectRoot, asked.length ? (asked as WorkflowTool[]) : workflowTools);
  for (const result of results) for (const finding of result.findings) console.log(formatFinding(finding));
  for (const result of results) console.log(summaryLine(result));
  for (const note of results.flatMap((result) => result.notes ?? [])) console.log(`note: ${note}`);
  process.exitCode = results.some((result) => result.findings.length) ? 1 : 0;
}

if (isEntry(import.meta.url)) {
  runMain(main);
}
