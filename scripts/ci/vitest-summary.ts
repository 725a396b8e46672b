// The closing line of a CI run, read from vitest's machine-readable results (the `json`
// reporter that vitest.config.ts turns on): `vitest: N passed, N failed, N skipped`.
// A test file that failed without a failed test (it did not load, or a hook threw) counts as one
// failure; a missing or unreadable results file counts as one failure. Skipped tests are listed
// by name above the line, so a skip is never silent. Exits 1 when anything failed.
import { existsSync, readFileSync } from "node:fs";
import { relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The part of vitest's JSON report (Jest's format) this reads. */
export interface VitestReport {
  testResults: {
    name: string;
    status: string;
    message?: string;
    assertionResults: { fullName: string; status: string }[];
  }[];
}

export interface Summary {
  passed: number;
  failed: number;
  skipped: number;
  /** Why something counts as failed without a test saying so, and the names of skipped tests. */
  notes: string[];
}

const skippedStatuses = new Set(["skipped", "pending", "todo", "disabled"]);

export function summarize(report: VitestReport, root = process.cwd()): Summary {
  const summary: Summary = { passed: 0, failed: 0, skipped: 0, notes: [] };
  for (const file of report.testResults) {
    const name = relative(root, file.name);
    let failedTests = 0;
    for (const test of file.assertionResults) {
      if (test.status === "passed") summary.passed++;
      else if (test.status === "failed") failedTests++;
      else if (skippedStatuses.has(test.status)) {
        summary.skipped++;
        summary.notes.push(`skipped: ${name} > ${test.fullName}`);
      } else failedTests++; // an unknown status is not a pass
    }
    summary.failed += failedTests;
    if (file.status !== "passed" && failedTests === 0) {
      summary.failed++;
      const reason = (file.message ?? "").split("\n")[0] || `status ${file.status}`;
      summary.notes.push(`failed: ${name} (no test failed, but the file did: ${reason})`);
    }
  }
  return summary;
}

/** Reads the results file; a missing or broken file is one failure, with the reason. */
export function summarizeFile(path: string, root = process.cwd()): Summary {
  if (!existsSync(path)) {
    return { passed: 0, failed: 1, skipped: 0, notes: [`failed: no vitest results at ${path} (did the tests run?)`] };
  }
  try {
    return summarize(JSON.parse(readFileSync(path, "utf8")) as VitestReport, root);
  } catch (error) {
    return { passed: 0, failed: 1, skipped: 0, notes: [`failed: ${path} is not vitest's JSON report: ${error}`] };
  }
}

export function closingLine({ passed, failed, skipped }: Summary): string {
  return `vitest: ${passed} passed, ${failed} failed, ${skipped} skipped`;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const summary = summarizeFile(process.argv[2] ?? "test-results/vitest.json");
  for (const note of summary.notes) console.log(note);
  console.log(closingLine(summary));
  process.exitCode = summary.failed > 0 ? 1 : 0;
}
