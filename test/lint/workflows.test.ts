// The workflow checks of `npm run lint` catch real defects: each test plants one in a copy of
// .github/workflows/ and checks that the tool meant to catch it names the file, the line and the fix.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { workflowPolicyFindings } from "../../scripts/lint/workflow-policy.ts";
import { jsonPathKeys } from "../../scripts/lint/workflow-schema.ts";
import { lintWorkflows } from "../../scripts/lint/workflows.ts";
import { projectRoot } from "../../scripts/project-root.ts";
import {
  lintWorkflowsWithPlant,
  pullRequestWorkflow,
  releaseWorkflow,
  replaceInWorkflow,
} from "./planted-workflows.ts";

/** The 1-based line of the first match in a committed workflow (a plant that keeps line numbers lands there). */
function lineOf(file: string, pattern: RegExp): number {
  const lines = readFileSync(join(projectRoot, file), "utf8").split("\n");
  const index = lines.findIndex((line) => pattern.test(line));
  if (index < 0) throw new Error(`${pattern} not found in ${file}; update the test`);
  return index + 1;
}

describe("the workflow checks on the committed workflows", () => {
  it("find nothing, and each checks every workflow", async () => {
    const results = await lintWorkflows();
    expect(results.map((result) => result.tool)).toEqual(["actionlint", "workflow-schema", "workflow-policy"]);
    for (const result of results) {
      expect(result.findings, result.tool).toEqual([]);
      expect(result.checks, result.tool).toBeGreaterThanOrEqual(2);
    }
  });
});

describe("actionlint on planted defects", () => {
  it("an output of a step that does not exist", async () => {
    const line = lineOf(pullRequestWorkflow, /IMAGE: \$\{\{ steps\.facts\.outputs\.image \}\}/);
    const { lines } = await lintWorkflowsWithPlant((root) =>
      replaceInWorkflow(
        root,
        pullRequestWorkflow,
        /steps\.facts\.outputs\.image \}\}/,
        "steps.image-facts.outputs.image }}",
      ),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^actionlint/expression: \\.github/workflows/pull-request\\.yml line ${line}:\\d+: property "image-facts" is not defined`,
        ),
      ),
    );
  });

  it("a pull request's title pasted into a run: script", async () => {
    const line = lineOf(pullRequestWorkflow, /run: npm run lint$/);
    const { lines } = await lintWorkflowsWithPlant((root) =>
      replaceInWorkflow(
        root,
        pullRequestWorkflow,
        /run: npm run lint$/m,
        // A GitHub expression, not a JavaScript placeholder.
        `run: npm run lint -- "\${{ github.event.pull_request.title }}"`,
      ),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^actionlint/expression: \\.github/workflows/pull-request\\.yml line ${line}:\\d+: "github\\.event\\.pull_request\\.title" is potentially untrusted`,
        ),
      ),
    );
  });

  it("an unquoted variable in a run: script (shellcheck)", async () => {
    const line = lineOf(pullRequestWorkflow, /run: npm run lint$/);
    const { lines } = await lintWorkflowsWithPlant((root) =>
      replaceInWorkflow(root, pullRequestWorkflow, /run: npm run lint$/m, "run: npm run lint -- $LINT_ARGS"),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        new RegExp(`^actionlint/shellcheck: \\.github/workflows/pull-request\\.yml line ${line}:\\d+: .*SC2086`),
      ),
    );
  });
});

describe("the workflow schema on planted defects", () => {
  it("an unknown key on a job, named at its line", async () => {
    const line = lineOf(pullRequestWorkflow, /timeout-minutes: 75/);
    const { lines } = await lintWorkflowsWithPlant((root) =>
      replaceInWorkflow(root, pullRequestWorkflow, /timeout-minutes: 75/, "timeout: 75"),
    );
    expect(lines).toContainEqual(
      `workflow-schema/github-workflows: .github/workflows/pull-request.yml $.jobs['lint-and-test'] (line ${line}): Additional properties are not allowed ('timeout' was unexpected)`,
    );
  });

  it("a permission level that does not exist", async () => {
    const line = lineOf(releaseWorkflow, /^permissions: \{\}$/);
    const { lines } = await lintWorkflowsWithPlant((root) =>
      replaceInWorkflow(root, releaseWorkflow, /^permissions: \{\}$/m, "permissions: { contents: readwrite }"),
    );
    expect(lines).toContainEqual(
      `workflow-schema/github-workflows: .github/workflows/release.yml $.permissions.contents (line ${line}): 'readwrite' is not one of ['read', 'write', 'none']`,
    );
  });
});

describe("the project's workflow policy on planted defects", () => {
  it("an action pinned to a tag instead of a commit", async () => {
    const line = lineOf(pullRequestWorkflow, /uses: actions\/checkout@/);
    const { lines } = await lintWorkflowsWithPlant((root) =>
      replaceInWorkflow(root, pullRequestWorkflow, /actions\/checkout@[0-9a-f]{40} # v[\d.]+/, "actions/checkout@v4"),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^workflow-policy/unpinned-action: \\.github/workflows/pull-request\\.yml line ${line}: uses: actions/checkout@v4: pin the action to the full 40-character commit SHA`,
        ),
      ),
    );
  });

  it("a workflow without top-level permissions", async () => {
    const { lines } = await lintWorkflowsWithPlant((root) =>
      replaceInWorkflow(root, pullRequestWorkflow, /^permissions:\n {2}contents: read\n/m, ""),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^workflow-policy\/missing-permissions: \.github\/workflows\/pull-request\.yml permissions: declare top-level permissions/,
      ),
    );
  });

  it("a job given write-all", async () => {
    const { lines } = await lintWorkflowsWithPlant((root) =>
      replaceInWorkflow(
        root,
        releaseWorkflow,
        /permissions:\n {6}contents: read\n {4}outputs:/,
        "permissions: write-all\n    outputs:",
      ),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^workflow-policy\/write-all: \.github\/workflows\/release\.yml line \d+: permissions: write-all: /,
      ),
    );
  });
});

describe("the workflow policy's reading of uses:", () => {
  const workflow = (uses: string) =>
    `on: push\npermissions: {}\njobs:\n  a:\n    runs-on: x\n    steps:\n      - uses: ${uses}\n`;
  const rules = (uses: string) =>
    workflowPolicyFindings(workflow(uses), "w.yml").findings.map((finding) => finding.rule);
  const sha = "3d3c42e5aac5ba805825da76410c181273ba90b1";

  it("accepts a commit SHA with its version, a local action and an image by digest", () => {
    expect(rules(`actions/checkout@${sha} # v7.0.1`)).toEqual([]);
    expect(rules("./.github/actions/setup")).toEqual([]);
    expect(rules(`docker://alpine@sha256:${"a".repeat(64)}`)).toEqual([]);
  });

  it("refuses a branch, a short SHA, an image by tag, and a SHA without its version", () => {
    expect(rules("actions/checkout@main")).toEqual(["unpinned-action"]);
    expect(rules("actions/checkout@3d3c42e")).toEqual(["unpinned-action"]);
    expect(rules("docker://alpine:3.22")).toEqual(["unpinned-action"]);
    expect(rules(`owner/repo/.github/workflows/build.yml@${sha}`)).toEqual(["version-comment"]);
  });
});

describe("check-jsonschema's paths", () => {
  it("are read back into keys, quoted names and indexes included", () => {
    expect(jsonPathKeys("$.jobs['lint-and-test'].steps[3].with")).toEqual([
      "jobs",
      "lint-and-test",
      "steps",
      3,
      "with",
    ]);
    expect(jsonPathKeys("$.permissions.contents")).toEqual(["permissions", "contents"]);
    expect(jsonPathKeys("$")).toEqual([]);
  });
});
