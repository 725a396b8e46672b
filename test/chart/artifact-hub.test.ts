// What Artifact Hub shows and checks from Chart.yaml: where the project lives, its license, the
// key that signs the provenance, and the images it scans, which must be every image a default
// install pulls, fully qualified, so each one can really be pulled.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { chartDir } from "../../scripts/chart/folder.ts";
import { projectRoot } from "../../scripts/project-root.ts";
import { allContainers, helms, podSpecs, render } from "../render.ts";

interface ChartYaml {
  home: string;
  sources: string[];
  icon: string;
  maintainers: { name: string; email?: string; url?: string }[];
  annotations: Record<string, string>;
}

const chartYaml = parse(readFileSync(join(chartDir, "Chart.yaml"), "utf8")) as ChartYaml;
const annotation = <T>(key: string) => parse(chartYaml.annotations[key] ?? "null") as T;
/** The raw-file URL of this repository's main branch, which Chart.yaml's icon and key links point into. */
const rawFile = (path: string) =>
  `${chartYaml.home.replace("https://github.com/", "https://raw.githubusercontent.com/")}/main/${path}`;

/** The fingerprint gpg reads from an armored public key file, without importing it anywhere. */
function fingerprintOf(file: string): string {
  const shown = spawnSync("gpg", ["--with-colons", "--show-keys", file], { encoding: "utf8" });
  expect(shown.status, shown.stderr).toBe(0);
  const fingerprint = shown.stdout.match(/^fpr:+([0-9A-F]{40}):/m)?.[1];
  if (!fingerprint) throw new Error(`no fingerprint in ${file}`);
  return fingerprint;
}

describe("Chart.yaml's Artifact Hub metadata", () => {
  it("says where the chart lives, whose it is and under which license", () => {
    expect(chartYaml.home).toMatch(/^https:\/\/github\.com\/[\w.-]+\/[\w.-]+$/);
    expect(chartYaml.sources).toContain(chartYaml.home);
    expect(chartYaml.sources).toContain("https://github.com/pabloarancibia/cryptoflow");
    expect(chartYaml.maintainers.every((maintainer) => maintainer.name && maintainer.email)).toBe(true);
    expect(chartYaml.annotations["artifacthub.io/license"]).toBe("Apache-2.0");
    expect(readFileSync(join(projectRoot, "LICENSE"), "utf8")).toMatch(/Apache License\s+Version 2\.0/);
  });

  it("links an icon and pages that exist in this repository", () => {
    expect(chartYaml.icon).toBe(rawFile("docs/icon.svg"));
    expect(readFileSync(join(projectRoot, "docs", "icon.svg"), "utf8")).toMatch(
      /^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/,
    );
    const links = annotation<{ name: string; url: string }[]>("artifacthub.io/links");
    expect(links.map((link) => link.name)).toEqual(["source", "changelog", "issues", "application"]);
    expect(links.find((link) => link.name === "changelog")?.url).toBe(`${chartYaml.home}/blob/main/chart/CHANGELOG.md`);
    for (const link of links) expect(link.url).toMatch(/^https:\/\//);
  });

  it("names the provenance key by the fingerprint of the public key the repository publishes", () => {
    const signKey = annotation<{ fingerprint: string; url: string }>("artifacthub.io/signKey");
    const published = "docs/release-signing-key.asc";
    expect(signKey.url).toBe(rawFile(published));
    expect(signKey.fingerprint).toBe(fingerprintOf(join(projectRoot, published)));
  });

  it.each(helms)(
    "lists exactly the images the default install pulls, test pods included (helm $version)",
    async (helm) => {
      const rendered = await render(helm);
      const pulled = new Set(
        podSpecs(rendered).flatMap(({ spec }) => allContainers(spec).map((container) => container.image)),
      );
      const listed = annotation<{ name: string; image: string }[]>("artifacthub.io/images");
      expect(new Set(listed.map((entry) => entry.image))).toEqual(pulled);
      expect(new Set(listed.map((entry) => entry.name)).size).toBe(listed.length);
      // Fully qualified: a registry host, so Artifact Hub and a user pull the very image.
      for (const entry of listed) expect(entry.image).toMatch(/^[a-z0-9.-]+\.[a-z]+\/[^:]+:[\w.-]+$/);
    },
  );

  it("writes artifacthub-repo.yml with the maintainers as the owners Artifact Hub lets claim the repository", () => {
    const metadata = parse(readFileSync(join(chartDir, "artifacthub-repo.yml"), "utf8")) as {
      owners: { name: string; email: string }[];
    };
    expect(metadata.owners).toEqual(chartYaml.maintainers.map(({ name, email }) => ({ name, email })));
  });
});
