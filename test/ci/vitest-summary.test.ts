// The closing line of .ci/run, built from vitest's JSON report: what CI systems read to know what ran.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { closingLine, summarize, summarizeFile, type VitestReport } from "../../scripts/ci/vitest-summary.ts";

const root = "/repo";
const file = (name: string, status: string, tests: [string, string][], message = "") => ({
  name: join(root, name),
  status,
  message,
  assertionResults: tests.map(([fullName, testStatus]) => ({ fullName, status: testStatus })),
});

describe("the CI summary line", () => {
  it("counts passed, failed and skipped tests, and names every skip", () => {
    const report: VitestReport = {
      testResults: [
        file("test/a.test.ts", "passed", [
          ["renders", "passed"],
          ["lints", "passed"],
          ["needs Helm 4", "skipped"],
        ]),
        file("test/b.test.ts", "failed", [
          ["installs", "failed"],
          ["upgrades", "passed"],
          ["later", "todo"],
        ]),
      ],
    };
    const summary = summarize(report, root);
    expect(closingLine(summary)).toBe("vitest: 3 passed, 1 failed, 2 skipped");
    expect(summary.notes).toEqual(["skipped: test/a.test.ts > needs Helm 4", "skipped: test/b.test.ts > later"]);
  });

  it("counts a test file that failed to load as a failure", () => {
    const report: VitestReport = {
      testResults: [
        file("test/a.test.ts", "passed", [["renders", "passed"]]),
        file("test/broken.test.ts", "failed", [], "Error: Cannot find module './gone.ts'\n    at …"),
      ],
    };
    const summary = summarize(report, root);
    expect(closingLine(summary)).toBe("vitest: 1 passed, 1 failed, 0 skipped");
    expect(summary.notes[0]).toContain("test/broken.test.ts");
    expect(summary.notes[0]).toContain("Cannot find module");
  });

  it("counts a missing or unreadable results file as a failure", () => {
    const dir = mkdtempSync(join(tmpdir(), "vitest-summary-"));
    expect(closingLine(summarizeFile(join(dir, "absent.json")))).toBe("vitest: 0 passed, 1 failed, 0 skipped");
    writeFileSync(join(dir, "truncated.json"), '{"testResults": [');
    expect(closingLine(summarizeFile(join(dir, "truncated.json")))).toBe("vitest: 0 passed, 1 failed, 0 skipped");
  });

  it("is a line CI systems read: `N passed, N failed` after one word and a colon", () => {
    const line = closingLine({ passed: 503, failed: 0, skipped: 2, notes: [] });
    expect(line).toMatch(/^\w+: \d+ passed, \d+ failed, \d+ skipped$/);
  });
});
