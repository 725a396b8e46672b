// The chart's changelog in the two forms users meet it: chart/CHANGELOG.md, and the current
// version's entries as Artifact Hub's `artifacthub.io/changes` annotation in Chart.yaml.
import { type ChangelogEntry, changelog } from "../../schema/changelog.ts";
import { markdownItem, markdownParagraph } from "./prose.ts";
import { yamlText } from "./yaml-text.ts";

/** The entry of `version`, which must be the newest: a version bump without an entry stops the generator. */
export function currentChanges(version: string): ChangelogEntry {
  const newest = changelog[0];
  if (newest?.version !== version) {
    throw new Error(
      `schema/chart.ts says version ${version}, but the newest entry of schema/changelog.ts is ${newest?.version ?? "missing"}: add an entry for ${version} saying what changed for users`,
    );
  }
  return newest;
}

/** The `artifacthub.io/changes` annotation: a YAML list of {kind, description}. */
export function artifactHubChanges(entry: ChangelogEntry): string {
  return yamlText(entry.changes, { foldAt: 120 });
}

const headings: Record<string, string> = {
  added: "Added",
  changed: "Changed",
  deprecated: "Deprecated",
  removed: "Removed",
  fixed: "Fixed",
  security: "Security",
};

export function changelogMarkdown(header: string): string {
  const sections = changelog.map((entry) => {
    const byKind = Object.keys(headings)
      .map((kind) => [kind, entry.changes.filter((change) => change.kind === kind)] as const)
      .filter(([, changes]) => changes.length > 0)
      .map(
        ([kind, changes]) => `### ${headings[kind]}\n\n${changes.map((c) => markdownItem(c.description)).join("\n")}`,
      );
    const upgrading = entry.upgrading ? [`### Upgrading\n\n${markdownParagraph(entry.upgrading)}`] : [];
    return [`## ${entry.version} (${entry.date})`, ...byKind, ...upgrading].join("\n\n");
  });
  return [
    header,
    "# Changelog",
    markdownParagraph(
      "What changed for users of the chart, newest first. Versions before 0.4.0 predate this file; the repository's history has them.",
    ),
    ...sections,
  ].join("\n\n");
}
