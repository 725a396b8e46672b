// actionlint on the workflow files: expressions and their types (an output of a step that does not
// exist, an untrusted value such as a pull request's title pasted into a `run:` script), the job
// graph, runner labels, cron syntax, and shellcheck on every `run:` script.
import { execa } from "execa";
import { onPath } from "../debian-packages.ts";
import type { Finding, ToolResult } from "./findings.ts";
import { actionlintTool, builtTool } from "./tools.ts";

/** One error of `actionlint -format '{{json .}}'`. */
interface ActionlintError {
  message: string;
  filepath: string;
  line: number;
  column: number;
  /** The check that found it: expression, syntax-check, shellcheck, permissions, … */
  kind: string;
}

/** Runs actionlint from `root` (the repository whose .github/ it reads) on the given workflow files. */
export async function actionlint(root: string, files: string[]): Promise<ToolResult> {
  const binary = builtTool(actionlintTool);
  // actionlint skips shellcheck silently when it is missing; the lint says so instead.
  const shellcheck = onPath("shellcheck");
  // pyflakes is for `shell: python` steps, which the workflows do not have.
  const args = ["-format", "{{json .}}", "-no-color", `-shellcheck=${shellcheck ?? ""}`, "-pyflakes=", ...files];
  const result = await execa(binary, args, { cwd: root, reject: false });
  // 0: clean, 1: errors found; 2 and 3 are a bad invocation or a crash, not findings.
  if (result.exitCode !== 0 && result.exitCode !== 1) {
    throw new Error(`actionlint failed (exit ${result.exitCode}): ${result.stderr.trim() || result.stdout.trim()}`);
  }
  const errors = JSON.parse(result.stdout.trim() || "[]") as ActionlintError[] | null;
  const findings: Finding[] = (errors ?? []).map((error) => ({
    tool: "actionlint",
    rule: error.kind,
    object: error.filepath,
    field: `line ${error.line}:${error.column}`,
    message: error.message,
  }));
  if (!shellcheck) {
    findings.push({
      tool: "actionlint",
      rule: "shellcheck-missing",
      object: "run: scripts",
      field: "-",
      message:
        "shellcheck is not on PATH, so no `run:` script was checked: apt-get install shellcheck (npm run setup does, as root)",
    });
  }
  return { tool: "actionlint", checks: files.length, findings };
}
