// Every line of the chart that people read and review (templates, values files, Chart.yaml, the
// README and changelog) fits in 160 columns. Left out: values.schema.json, whose JSON strings
// cannot be broken, and the rows of Markdown tables, which cannot either.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { chartDir } from "../../scripts/chart/folder.ts";

const maxLength = 160;

const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(chartDir, join(entry.parentPath, entry.name)));

const checkedFiles = [
  ...filesUnder(join(chartDir, "templates")),
  ...filesUnder(join(chartDir, "profiles")),
  ...filesUnder(join(chartDir, "ci")),
  "values.yaml",
  "Chart.yaml",
  "README.md",
  "CHANGELOG.md",
].sort();

const markdownTableRow = (file: string, text: string) => file.endsWith(".md") && text.startsWith("|");

/** Each line longer than maxLength, as file:line (length). */
function longLines(): string[] {
  return checkedFiles.flatMap((file) =>
    readFileSync(join(chartDir, file), "utf8")
      .split("\n")
      .flatMap((text, index) => {
        const length = [...text].length;
        const tooLong = length > maxLength && !markdownTableRow(file, text);
        return tooLong ? [`${file}:${index + 1} (${length})`] : [];
      }),
  );
}

describe("the chart's lines", () => {
  it(`fit in ${maxLength} columns in templates, values files, Chart.yaml, the README and changelog`, () => {
    expect(checkedFiles.length).toBeGreaterThan(50);
    expect(longLines()).toEqual([]);
  });
});
