// Plants one defect in a temporary copy of .github/workflows/ and runs the workflow checks of
// `npm run lint` on the copy.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Finding, formatFinding } from "../../scripts/lint/findings.ts";
import { lintWorkflows } from "../../scripts/lint/workflows.ts";
import { projectRoot } from "../../scripts/project-root.ts";

export const pullRequestWorkflow = ".github/workflows/pull-request.yml";
export const releaseWorkflow = ".github/workflows/release.yml";

/** Replaces the first match in a workflow; throws when the pattern is gone, so a stale plant never passes quietly. */
export function replaceInWorkflow(root: string, file: string, pattern: RegExp, replacement: string): void {
  const path = join(root, file);
  const text = readFileSync(path, "utf8");
  if (!pattern.test(text)) throw new Error(`planting failed: ${pattern} not found in ${file}; update the test`);
  writeFileSync(path, text.replace(pattern, replacement));
}

export interface WorkflowLintRun {
  findings: Finding[];
  lines: string[];
}

export async function lintWorkflowsWithPlant(plant: (root: string) => void): Promise<WorkflowLintRun> {
  const root = mkdtempSync(join(tmpdir(), "cryptoflow-planted-workflows-"));
  try {
    cpSync(join(projectRoot, ".github", "workflows"), join(root, ".github", "workflows"), { recursive: true });
    plant(root);
    const findings = (await lintWorkflows(root)).flatMap((result) => result.findings);
    return { findings, lines: findings.map(formatFinding) };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
