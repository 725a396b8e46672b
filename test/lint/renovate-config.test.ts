// The lint's `renovate` check: the pinned renovate-config-validator --strict finds nothing in
// .github/renovate.json5 and names each defect planted in a copy of it (file, option, what to do).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { formatFinding } from "../../scripts/lint/findings.ts";
import { renovateCheck, renovateConfig } from "../../scripts/lint/renovate.ts";
import { projectRoot } from "../../scripts/project-root.ts";

const original = readFileSync(join(projectRoot, renovateConfig), "utf8");
const scratch = mkdtempSync(join(tmpdir(), "cryptoflow-renovate-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The findings for a copy of the config with `from` replaced by `to` (which must occur). */
async function linesWithPlant(from: string | RegExp, to: string): Promise<string[]> {
  const planted = original.replace(from, to);
  if (planted === original) throw new Error(`${from} is not in ${renovateConfig}: update the plant`);
  const file = join(scratch, `plant-${Math.random().toString(36).slice(2)}.json5`);
  writeFileSync(file, planted);
  return (await renovateCheck(file)).findings.map(formatFinding);
}

describe("the renovate lint", () => {
  it("finds nothing in .github/renovate.json5", async () => {
    const result = await renovateCheck();
    expect(result.findings.map(formatFinding)).toEqual([]);
    expect(result.checks).toBe(1);
  });

  it("names an unknown option by its path", async () => {
    const lines = await linesWithPlant('groupName: "chart images"', 'groupNme: "chart images"');
    expect(lines).toEqual([
      expect.stringMatching(
        /^renovate\/config-error: \S+plant-\w+\.json5 packageRules\[1\]\.groupNme: Invalid configuration option: packageRules\[1\]\.groupNme: fix it/,
      ),
    ]);
  });

  it("reports a matchString that is not a regular expression", async () => {
    const lines = await linesWithPlant('"(?<depName>renovate)"', '"(?<depName>renovate"');
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^renovate\/config-error: \S+ customManagers: Invalid regExp for customManagers: `.*`: fix it/,
      ),
    );
  });

  it("reports an option Renovate has renamed, with the new name", async () => {
    const lines = await linesWithPlant(
      'managerFilePatterns: ["/^scripts/lint/renovate-tool\\\\.ts$/"]',
      'fileMatch: ["^scripts/lint/renovate-tool\\\\.ts$"]',
    );
    expect(lines).toEqual([
      expect.stringMatching(
        /^renovate\/migration: \S+ customManagers\[3\]\.fileMatch: an old form: Renovate [\d.]+ migrates it to customManagers\[3\]\.managerFilePatterns: /,
      ),
    ]);
  });

  it("reports a file that is not JSON5", async () => {
    const lines = await linesWithPlant(/\n\}\n$/, "\n");
    expect(lines).toEqual([
      expect.stringMatching(/^renovate\/parse: \S+ file: File could not be parsed: JSON5: .*: write valid JSON5$/),
    ]);
  });
});
