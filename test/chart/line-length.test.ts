// Every line of the chart that people read and review (templates, values files, Chart.yaml) fits
// in 160 columns. Left out: values.schema.json, whose JSON strings cannot be broken, and the
// Markdown of README.md and CHANGELOG.md, whose table rows cannot either.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { chartDir } from "../render.ts";

const maxLength = 160;

/**
 * Lines the rendered manifests carry as they are (YAML text, not a Helm action), so the only way to
 * shorten them changes what the chart renders: a block sequence for chroma's command, a shorter
 * readiness check for the worker. Each must still be there, so that this list stays true.
 */
const renderedAsTheyAre = [
  { file: "templates/chroma/_pod.tpl", start: 'command: ["uvicorn", "chromadb.app:app"' },
  { file: "templates/worker/_pod.tpl", start: `- port=$(printf '%s' "$CELERY_BROKER_URL"` },
];

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
].sort();

/** Each line longer than maxLength, as file:line (length). */
function longLines(): { where: string; file: string; text: string }[] {
  return checkedFiles.flatMap((file) =>
    readFileSync(join(chartDir, file), "utf8")
      .split("\n")
      .flatMap((text, index) => {
        const length = [...text].length;
        return length > maxLength ? [{ where: `${file}:${index + 1} (${length})`, file, text: text.trim() }] : [];
      }),
  );
}

describe("the chart's lines", () => {
  it(`fit in ${maxLength} columns in templates, values files and Chart.yaml`, () => {
    const excused = (line: { file: string; text: string }) =>
      renderedAsTheyAre.some((entry) => entry.file === line.file && line.text.startsWith(entry.start));
    expect(checkedFiles.length).toBeGreaterThan(50);
    expect(
      longLines()
        .filter((line) => !excused(line))
        .map((line) => line.where),
    ).toEqual([]);
  });

  it("excuse only long lines that are still there", () => {
    const long = longLines();
    const stale = renderedAsTheyAre.filter(
      (entry) => !long.some((line) => line.file === entry.file && line.text.startsWith(entry.start)),
    );
    expect(stale).toEqual([]);
  });
});
