// Edits of schema/chart.ts's and schema/changelog.ts's source text for bump-chart.ts: the chart
// version, a new top changelog entry, or one more change in the top entry. Pure string functions;
// the caller formats the result with Biome and checks it by importing it.
import type { ChangeKind } from "../../schema/changelog.ts";

export const changeKinds: ChangeKind[] = ["added", "changed", "deprecated", "removed", "fixed", "security"];

export type Version = [number, number, number];

export const parseVersion = (text: string): Version => {
  const match = text.match(/^(\d+)\.(\d+)\.(\d+)$/);
  if (!match) throw new Error(`chart version ${text} is not MAJOR.MINOR.PATCH: bump-chart handles plain versions only`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
};

export const formatVersion = (version: Version) => version.join(".");

export const compareVersions = (a: Version, b: Version) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];

export const raise = ([major, minor, patch]: Version, level: "minor" | "patch"): Version =>
  level === "minor" ? [major, minor + 1, 0] : [major, minor, patch + 1];

const metadataStart = "export const chartMetadata = {";
const versionField = /\bversion: "([^"]*)"/;

/** chartMetadata.version as written in schema/chart.ts's text. */
export function chartVersionIn(chartText: string): string {
  const start = chartText.indexOf(metadataStart);
  const match = start < 0 ? null : chartText.slice(start).match(versionField);
  if (!match) throw new Error(`no \`version: "…"\` after \`${metadataStart}\` in schema/chart.ts`);
  return match[1];
}

export function withChartVersion(chartText: string, version: string): string {
  const start = chartText.indexOf(metadataStart);
  const head = chartText.slice(0, start);
  return head + chartText.slice(start).replace(versionField, `version: ${JSON.stringify(version)}`);
}

const changelogStart = "export const changelog: ChangelogEntry[] = [";

const changeText = (kind: ChangeKind, description: string) =>
  `{ kind: ${JSON.stringify(kind)}, description: ${JSON.stringify(description)} }`;

/** The text with a new first entry; Biome lays it out afterwards. */
export function withNewEntry(
  changelogText: string,
  entry: { version: string; date: string; kind: ChangeKind; description: string },
): string {
  const at = changelogText.indexOf(changelogStart);
  if (at < 0) throw new Error(`no \`${changelogStart}\` in schema/changelog.ts`);
  const end = at + changelogStart.length;
  const text = `{ version: ${JSON.stringify(entry.version)}, date: ${JSON.stringify(entry.date)}, changes: [${changeText(entry.kind, entry.description)}] },`;
  return `${changelogText.slice(0, end)}\n${text}${changelogText.slice(end)}`;
}

/**
 * Index of the bracket that closes the one at `open`, skipping string and template literals and
 * comments, so a `]` inside a description does not end the array.
 */
export function closingBracket(text: string, open: number): number {
  const pairs: Record<string, string> = { "[": "]", "{": "}", "(": ")" };
  const stack: string[] = [];
  for (let i = open; i < text.length; i++) {
    const char = text[i];
    if (char === '"' || char === "'" || char === "`") {
      for (i++; i < text.length && text[i] !== char; i++) if (text[i] === "\\") i++;
    } else if (char === "/" && text[i + 1] === "/") {
      i = text.indexOf("\n", i);
      if (i < 0) break;
    } else if (char === "/" && text[i + 1] === "*") {
      i = text.indexOf("*/", i) + 1;
      if (i <= 0) break;
    } else if (pairs[char]) {
      stack.push(pairs[char]);
    } else if (char === "]" || char === "}" || char === ")") {
      if (stack.pop() !== char) break;
      if (stack.length === 0) return i;
    }
  }
  throw new Error(`unbalanced brackets after offset ${open} in schema/changelog.ts`);
}

/**
 * The text with the first entry's version set and, unless it is already there, one more change at
 * the end of its `changes`.
 */
export function withChangeInFirstEntry(
  changelogText: string,
  change: { version: string; kind: ChangeKind; description: string; present: boolean },
): string {
  const at = changelogText.indexOf(changelogStart);
  if (at < 0) throw new Error(`no \`${changelogStart}\` in schema/changelog.ts`);
  const entryStart = changelogText.indexOf("{", at + changelogStart.length);
  const entryEnd = closingBracket(changelogText, entryStart);
  let entry = changelogText.slice(entryStart, entryEnd + 1);
  if (!change.present) {
    const changesAt = entry.search(/\bchanges: \[/);
    if (changesAt < 0) throw new Error("the first entry of schema/changelog.ts has no `changes: [`");
    const close = closingBracket(entry, entry.indexOf("[", changesAt));
    const before = entry.slice(0, close).trimEnd();
    const separator = before.endsWith(",") || before.endsWith("[") ? "" : ",";
    entry = `${before}${separator} ${changeText(change.kind, change.description)}${entry.slice(close)}`;
  }
  entry = entry.replace(versionField, `version: ${JSON.stringify(change.version)}`);
  return changelogText.slice(0, entryStart) + entry + changelogText.slice(entryEnd + 1);
}
