// What `npm run lint` prints: one line per finding (tool/rule, object, field, what to do) and one
// summary line per tool with its checks and findings.
import { describe, expect, it, vi } from "vitest";
import type { ToolResult } from "../../scripts/lint/findings.ts";
import { report } from "../../scripts/lint/main.ts";

describe("the lint report", () => {
  it("prints each finding once, then a summary line per tool, and returns the count", () => {
    const finding = {
      tool: "integrity",
      rule: "duplicate-env",
      object: "Deployment/api (default)",
      field: "spec.template.spec.containers[api].env",
      message: "env var REDIS_URL appears more than once: keep one",
    };
    const results: ToolResult[] = [
      { tool: "kubeconform", checks: 12, findings: [] },
      { tool: "integrity", checks: 40, findings: [finding, { ...finding }] },
    ];
    const printed: string[] = [];
    const log = vi.spyOn(console, "log").mockImplementation((line: string) => printed.push(line));
    try {
      expect(report(results)).toBe(1);
    } finally {
      log.mockRestore();
    }
    expect(printed[0]).toBe(
      "integrity/duplicate-env: Deployment/api (default) spec.template.spec.containers[api].env: env var REDIS_URL appears more than once: keep one",
    );
    expect(printed).toContain("lint kubeconform: 12 checks, clean");
    expect(printed).toContain("lint integrity: 40 checks, 1 finding");
    // Nothing a CI log reader would take for a test runner's line.
    for (const line of printed) expect(line).not.toMatch(/^(ok|FAIL|PASS)\b|\d+ passed|\d+ failed/);
  });
});
