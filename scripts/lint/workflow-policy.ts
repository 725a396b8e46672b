// The project's own rules for its workflows, which neither actionlint nor the schema enforce:
// - every `uses:` is pinned to a full commit SHA (a tag can be moved to other code; a SHA cannot),
//   with the version in a comment (`# v7.0.1`) for readers and for update bots;
// - every workflow declares top-level `permissions:`, so a job gets only what it is given rather
//   than the repository's default token scopes;
// - no `permissions: write-all`, at the top or on a job.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { isMap, isScalar, LineCounter, parseDocument, type Scalar, visit } from "yaml";
import type { Finding, ToolResult } from "./findings.ts";

const pinnedToSha = /@[0-9a-f]{40}$/;
const dockerDigest = /^docker:\/\/[^@\s]+@sha256:[0-9a-f]{64}$/;
const versionComment = /^\s*v\d+(\.\d+)*\b/;

/** The findings for one `uses:` value; local actions (`./…`) are this repository's own code. */
function usesFindings(uses: Scalar, line: number): Omit<Finding, "tool" | "object">[] {
  const value = String(uses.value);
  const field = `line ${line}: uses: ${value}`;
  if (value.startsWith("./") || dockerDigest.test(value)) return [];
  if (value.startsWith("docker://")) {
    return [{ rule: "unpinned-action", field, message: "pin the image by digest: docker://IMAGE@sha256:…" }];
  }
  if (!pinnedToSha.test(value)) {
    return [
      {
        rule: "unpinned-action",
        field,
        message:
          "pin the action to the full 40-character commit SHA of its release, with the version in a comment: uses: OWNER/REPO@SHA # vX.Y.Z",
      },
    ];
  }
  if (!versionComment.test(uses.comment ?? "")) {
    return [
      {
        rule: "version-comment",
        field,
        message: "say which release the SHA is in a comment after it: uses: OWNER/REPO@SHA # vX.Y.Z",
      },
    ];
  }
  return [];
}

/** The rules on one workflow file; `name` is how findings name it. */
export function workflowPolicyFindings(text: string, name: string): { findings: Finding[]; checks: number } {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter });
  const lineAt = (node: { range?: [number, number, number] | null }) =>
    node.range ? lineCounter.linePos(node.range[0]).line : 0;
  const findings: Finding[] = [];
  const add = (finding: Omit<Finding, "tool" | "object">) =>
    findings.push({ tool: "workflow-policy", object: name, ...finding });
  let checks = 2;
  if (!isMap(document.contents) || !document.has("permissions")) {
    add({
      rule: "missing-permissions",
      field: "permissions",
      message:
        "declare top-level permissions (`permissions: {}` or `contents: read`) and grant write scopes only on the jobs that need them",
    });
  }
  visit(document, {
    Pair(_, pair) {
      if (!isScalar(pair.key) || !isScalar(pair.value)) return;
      if (pair.key.value === "uses") {
        checks++;
        for (const finding of usesFindings(pair.value, lineAt(pair.value))) add(finding);
      }
      if (pair.key.value === "permissions" && pair.value.value === "write-all") {
        add({
          rule: "write-all",
          field: `line ${lineAt(pair.value)}: permissions: write-all`,
          message: "grant each scope the job needs by name (e.g. packages: write) instead of write-all",
        });
      }
    },
  });
  return { findings, checks };
}

export function workflowPolicy(root: string, files: string[]): ToolResult {
  const result: ToolResult = { tool: "workflow-policy", checks: 0, findings: [] };
  for (const file of files) {
    const { findings, checks } = workflowPolicyFindings(readFileSync(join(root, file), "utf8"), file);
    result.findings.push(...findings);
    result.checks += checks;
  }
  return result;
}
