// The changelog users read: chart/CHANGELOG.md has a section for the chart's version, and
// Chart.yaml's `artifacthub.io/changes` lists that version's changes in Artifact Hub's kinds.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { chartDir } from "../../scripts/chart/folder.ts";
import { currentChanges } from "../../scripts/generator/changelog.ts";

const chartYaml = parse(readFileSync(join(chartDir, "Chart.yaml"), "utf8")) as {
  version: string;
  annotations: Record<string, string>;
};
const artifactHubKinds = ["added", "changed", "deprecated", "removed", "fixed", "security"];

describe("the changelog", () => {
  it("opens chart/CHANGELOG.md with the chart's version", () => {
    const markdown = readFileSync(join(chartDir, "CHANGELOG.md"), "utf8");
    const versions = [...markdown.matchAll(/^## (\S+) \(\d{4}-\d{2}-\d{2}\)$/gm)].map((match) => match[1]);
    expect(versions[0]).toBe(chartYaml.version);
    expect(new Set(versions).size).toBe(versions.length);
  });

  it("gives Artifact Hub the version's changes, each with a kind it knows and a description", () => {
    const changes = parse(chartYaml.annotations["artifacthub.io/changes"] ?? "") as {
      kind: string;
      description: string;
    }[];
    expect(changes.length).toBeGreaterThan(0);
    for (const change of changes) {
      expect(artifactHubKinds).toContain(change.kind);
      expect(change.description.length).toBeGreaterThan(10);
    }
    const markdown = readFileSync(join(chartDir, "CHANGELOG.md"), "utf8");
    // A list item's text wraps onto lines indented under it; joined, each is one line again.
    const section = (markdown.split(/^## /m)[1] ?? "").replace(/\n {2}(?=\S)/g, " ");
    for (const change of changes) expect(section).toContain(`- ${change.description}`);
  });

  it("stops the generator when the chart's version has no entry, saying what to add", () => {
    expect(() => currentChanges("99.0.0")).toThrow(
      /schema\/chart\.ts says version 99\.0\.0.*add an entry for 99\.0\.0/,
    );
  });
});
