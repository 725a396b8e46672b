// Renovate keeps current exactly the images the chart pulls: the images its regex managers find in
// the repository (.github/renovate.json5 applied as Renovate applies it, test/renovate-extract.ts)
// equal the `image:` values of the default install as helm renders it. The expected side comes
// from the render only, so a pin the patterns miss, or one they find that nothing pulls, fails here.
import type { KubernetesObject } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import type { Rendered } from "../../scripts/chart/helm-template.ts";
import { renovateTool } from "../../scripts/lint/renovate-tool.ts";
import { lintGoTools } from "../../scripts/lint/tools.ts";
import { helmTools } from "../../scripts/tools.ts";
import { helms, render } from "../render.ts";
import {
  type Dependency,
  dependencyImage,
  extractDependencies,
  managedFiles,
  normalizedImage,
  type RenovateConfig,
  readRenovateConfig,
} from "../renovate-extract.ts";

/** Every string `image:` anywhere in the rendered objects, with the objects that name it. */
function pulledImages(rendered: Rendered): Map<string, string[]> {
  const images = new Map<string, string[]>();
  const walk = (value: unknown, owner: string): void => {
    if (Array.isArray(value)) for (const item of value) walk(item, owner);
    else if (value && typeof value === "object") {
      for (const [key, item] of Object.entries(value)) {
        if (key === "image" && typeof item === "string") {
          const image = normalizedImage(item);
          images.set(image, [...(images.get(image) ?? []), owner]);
        } else walk(item, owner);
      }
    }
  };
  for (const object of rendered.objects as KubernetesObject[]) walk(object, `${object.kind}/${object.metadata?.name}`);
  return images;
}

/** The images of the docker dependencies Renovate extracts, with where each was found. */
function renovateImages(dependencies: Dependency[]): Map<string, string[]> {
  const images = new Map<string, string[]>();
  for (const dep of dependencies.filter((dep) => dep.datasource === "docker")) {
    const image = dependencyImage(dep);
    images.set(image, [...(images.get(image) ?? []), `${dep.file} (${dep.manager})`]);
  }
  return images;
}

/** One line per image on one side only: what is wrong, and where it was seen. */
function mismatches(found: Map<string, string[]>, pulled: Map<string, string[]>): string[] {
  const missed = [...pulled]
    .filter(([image]) => !found.has(image))
    .map(([image, owners]) => `${image} is pulled by ${owners.join(", ")}, but no Renovate pattern finds it`);
  const extra = [...found]
    .filter(([image]) => !pulled.has(image))
    .map(([image, places]) => `${image} is found in ${places.join(", ")}, but the default install does not pull it`);
  return [...missed, ...extra].sort();
}

const config = readRenovateConfig();
const files = managedFiles(config);

/** A copy of the config with one matchString changed; the change must take. */
function withMatchString(index: number, from: string, to: string): RenovateConfig {
  const copy = structuredClone(config);
  const manager = copy.customManagers?.[index];
  const changed = manager?.matchStrings.map((source) => source.replace(from, to));
  if (!manager || !changed || changed.join() === manager.matchStrings.join()) {
    throw new Error(`${from} is not in customManagers[${index}]: update the plant`);
  }
  manager.matchStrings = changed;
  return copy;
}

describe.each(helms)("Renovate's image patterns and helm $version's default install", (helm) => {
  it("find exactly the images the install pulls: the application's, the datastores' and the test pods'", async () => {
    const pulled = pulledImages(await render(helm));
    const found = renovateImages(extractDependencies(config, files));
    expect(mismatches(found, pulled)).toEqual([]);
    // At least the application, the four datastores and the helm test image: the render is not empty.
    expect(pulled.size).toBeGreaterThanOrEqual(6);
    expect([...found.keys()].sort()).toEqual([...pulled.keys()].sort());
  });

  it("name the image a narrowed pattern misses, and the pods that pull it", async () => {
    const pulled = pulledImages(await render(helm));
    const narrowed = withMatchString(0, '(?<repository>[^"]+)', '(?<repository>library/[^"]+)');
    expect(mismatches(renovateImages(extractDependencies(narrowed, files)), pulled)).toEqual([
      expect.stringMatching(
        /^docker\.io\/chromadb\/chroma:\S+ is pulled by Deployment\/chroma, but no Renovate pattern finds it$/,
      ),
    ]);
  });

  it("name an image a pattern finds that the install does not pull, with the file", async () => {
    const pulled = pulledImages(await render(helm));
    const planted = new Map(files).set(
      "schema/planted.ts",
      'const unused = { registry: "quay.io", repository: "example/unused", tag: "1.2.3" };\n',
    );
    expect(mismatches(renovateImages(extractDependencies(config, planted)), pulled)).toEqual([
      "quay.io/example/unused:1.2.3 is found in schema/planted.ts (Images the chart pins in schema/: the datastores' and the helm test pods'), but the default install does not pull it",
    ]);
  });
});

describe("Renovate's tool patterns", () => {
  const dependencies = extractDependencies(config, files);
  const found = (datasource: string) =>
    dependencies.filter((dep) => dep.datasource === datasource).map((dep) => `${dep.depName}@${dep.currentValue}`);

  it("find every Go tool the scripts build (each `module:`), at its pinned version", () => {
    const modules = [...files]
      .filter(([file]) => file.startsWith("scripts/"))
      .flatMap(([, text]) => [...text.matchAll(/\bmodule: "([^"]+)"/g)].map((match) => match[1]));
    expect(modules.length).toBeGreaterThan(5);
    expect(
      found("go")
        .map((dep) => dep.split("@")[0])
        .sort(),
    ).toEqual(modules.sort());
    for (const tool of [helmTools[3], helmTools[4], ...lintGoTools]) {
      expect(found("go")).toContain(`${tool.module}@${tool.version}`);
    }
  });

  it("find Renovate's own pin", () => {
    expect(found("npm")).toEqual([`renovate@${renovateTool.version}`]);
  });
});
