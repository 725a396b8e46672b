// The workflow files against the GitHub Actions workflow JSON schema (SchemaStore's, vendored in
// check-jsonschema, so it runs offline): unknown keys, wrong types, permission levels that do not
// exist. actionlint checks much of this too, but by its own reading of GitHub's docs; the schema is
// the second, independent opinion editors use.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";
import { isMap, isScalar, LineCounter, parseDocument } from "yaml";
import { venvDir, workflowSchemaVenv } from "../python-venv.ts";
import type { Finding, ToolResult } from "./findings.ts";

interface SchemaMatch {
  path: string;
  message: string;
}

interface SchemaError extends SchemaMatch {
  filename: string;
  best_match?: SchemaMatch;
  best_deep_match?: SchemaMatch;
}

interface CheckJsonschemaReport {
  status: "ok" | "fail";
  errors?: SchemaError[];
  parse_errors?: { filename: string; message: string }[];
}

/** `$.jobs['chart-testing'].steps[0].uses` → ["jobs", "chart-testing", "steps", 0, "uses"] (jsonschema's json_path). */
export function jsonPathKeys(path: string): (string | number)[] {
  const keys: (string | number)[] = [];
  for (const match of path.matchAll(/\.([^.[]+)|\[(\d+)\]|\['((?:[^'\\]|\\.)*)'\]/g)) {
    if (match[1] !== undefined) keys.push(match[1]);
    else if (match[2] !== undefined) keys.push(Number(match[2]));
    else keys.push(match[3].replace(/\\(.)/g, "$1"));
  }
  return keys;
}

/**
 * The line the error is about: the unexpected key when the message names one, otherwise the node
 * at the path (the schema reports paths, people read lines).
 */
function lineOf(file: string, path: string, message: string): number | undefined {
  const lineCounter = new LineCounter();
  const document = parseDocument(readFileSync(file, "utf8"), { lineCounter });
  const node = document.getIn(jsonPathKeys(path), true);
  const unexpected = message.match(/\('([^']+)' was unexpected\)/)?.[1];
  if (unexpected && isMap(node)) {
    const key = node.items.find((pair) => isScalar(pair.key) && pair.key.value === unexpected)?.key;
    if (isScalar(key) && key.range) return lineCounter.linePos(key.range[0]).line;
  }
  const range = (node as { range?: [number, number, number] } | undefined)?.range;
  return range ? lineCounter.linePos(range[0]).line : undefined;
}

export const checkJsonschemaBinary = () => join(venvDir(workflowSchemaVenv), "bin", "check-jsonschema");

export async function workflowSchema(root: string, files: string[]): Promise<ToolResult> {
  const binary = checkJsonschemaBinary();
  if (!existsSync(binary)) {
    throw new Error(
      `check-jsonschema is not installed in ${venvDir(workflowSchemaVenv)}: run \`npx tsx scripts/lint/setup.ts\``,
    );
  }
  const args = ["--builtin-schema", "vendor.github-workflows", "--output-format", "json", ...files];
  const result = await execa(binary, args, { cwd: root, reject: false });
  let report: CheckJsonschemaReport;
  try {
    report = JSON.parse(result.stdout) as CheckJsonschemaReport;
  } catch {
    throw new Error(
      `check-jsonschema failed (exit ${result.exitCode}): ${result.stderr.trim() || result.stdout.trim()}`,
    );
  }
  const findings: Finding[] = [];
  for (const error of report.parse_errors ?? []) {
    findings.push({
      tool: "workflow-schema",
      rule: "parse",
      object: error.filename,
      field: "-",
      message: error.message,
    });
  }
  for (const error of report.errors ?? []) {
    // The deepest match names the field at fault (`$.permissions.contents`), not its parent's anyOf.
    const best = error.best_deep_match ?? error.best_match ?? error;
    const line = lineOf(join(root, error.filename), best.path, best.message);
    findings.push({
      tool: "workflow-schema",
      rule: "github-workflows",
      object: error.filename,
      field: line ? `${best.path} (line ${line})` : best.path,
      message: best.message,
    });
  }
  if (result.exitCode !== 0 && findings.length === 0) {
    throw new Error(`check-jsonschema failed (exit ${result.exitCode}): ${result.stderr.trim()}`);
  }
  return { tool: "workflow-schema", checks: files.length, findings };
}
