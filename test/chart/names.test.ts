// What the chart names its objects, and the name it labels and selects them by, under
// nameOverride, fullnameOverride and prefixWithReleaseName: every object, not a sample.
import type { KubernetesObject } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import type { RenderOptions } from "../../scripts/chart/helm-template.ts";
import { namingExamples } from "../../scripts/generator/chart-readme.ts";
import { components } from "../expectations.ts";
import { helms, named, render } from "../render.ts";

const kindAndName = (object: KubernetesObject) => `${object.kind}/${object.metadata?.name}`;

/** Every value of an `app.kubernetes.io/name` key anywhere in the render: labels, selectors, NetworkPolicy peers. */
function nameLabels(objects: KubernetesObject[]): Set<string> {
  const found = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === "object") {
      for (const [key, child] of Object.entries(node)) {
        if (key === "app.kubernetes.io/name" && typeof child === "string") found.add(child);
        else walk(child);
      }
    }
  };
  objects.forEach(walk);
  return found;
}

/**
 * The default render's names as they must read with a prefix and a chart name: components'
 * objects get `<prefix>-`, the shared ones (`cryptoflow-config`, `cryptoflow`…) swap the chart's
 * name for the prefix, or, without a prefix, for the chart name.
 */
function renamed(defaults: KubernetesObject[], prefix: string, chartName: string): string[] {
  return defaults
    .map((object) => {
      const name = object.metadata?.name ?? "";
      const shared = name === "cryptoflow" || name.startsWith("cryptoflow-");
      const wanted = shared ? name.replace(/^cryptoflow/, prefix || chartName) : prefix ? `${prefix}-${name}` : name;
      return `${object.kind}/${wanted}`;
    })
    .sort();
}

describe.each(helms)("object names with helm $version", (helm) => {
  it.each([
    ["nameOverride", { set: { nameOverride: "trading" } }, "", "trading"],
    ["fullnameOverride", { release: "platform", set: { fullnameOverride: "shop" } }, "shop", "cryptoflow"],
    [
      "fullnameOverride and nameOverride, over prefixWithReleaseName",
      { release: "platform", set: { fullnameOverride: "shop", nameOverride: "trading", prefixWithReleaseName: true } },
      "shop",
      "trading",
    ],
    ["prefixWithReleaseName", { release: "blue", set: { prefixWithReleaseName: true } }, "blue", "cryptoflow"],
  ] as [string, RenderOptions, string, string][])(
    "names every object after the prefix and the chart name, and labels and selects by that name (%s)",
    async (_, options, prefix, chartName) => {
      const defaults = await render(helm);
      const rendered = await render(helm, options);
      expect(rendered.objects.map(kindAndName).sort()).toEqual(renamed(defaults.objects, prefix, chartName));
      expect([...nameLabels(rendered.objects)]).toEqual([chartName]);
      // The chart label keeps the chart's real name and version: it says what is installed.
      for (const object of rendered.objects) {
        expect(object.metadata?.labels?.["helm.sh/chart"], kindAndName(object)).toMatch(/^cryptoflow-\d+\.\d+\.\d+$/);
      }
    },
  );

  it("keeps every name within 63 characters, unique and ending in its component, with the longest prefix", async () => {
    const longest = "trading-platform-production-europe-west-1-cryptoflow";
    expect(longest.length).toBe(52);
    for (const prefix of [`${longest}x`, "x".repeat(53)]) {
      const rendered = await render(helm, {
        set: { fullnameOverride: prefix, "redis.workload": "StatefulSet", "redis.persistence.enabled": true },
      });
      const names = rendered.objects.map(kindAndName);
      expect(names.filter((name, index) => names.indexOf(name) !== index)).toEqual([]);
      for (const object of rendered.objects) expect((object.metadata?.name ?? "").length).toBeLessThanOrEqual(63);
      for (const component of components) {
        const deployments = rendered.objects.filter((object) => /^(Deployment|StatefulSet)$/.test(object.kind ?? ""));
        expect(
          deployments.map((object) => object.metadata?.name).filter((name) => name?.endsWith(`-${component}`)),
        ).toHaveLength(1);
      }
      expect(names).toContainEqual(expect.stringMatching(/^Service\/[a-z0-9-]+-redis-headless$/));
      expect(names).toContainEqual(expect.stringMatching(/^Pod\/[a-z0-9-]+-test-order-service-connections$/));
    }
  });

  it.each(namingExamples)(
    "gives release $release with $set the names the chart README's table says",
    async (example) => {
      const rendered = await render(helm, { release: example.release, set: example.set });
      for (const kind of ["Deployment", "Service", "NetworkPolicy"]) named(rendered, kind, example.component);
      named(rendered, "ConfigMap", example.configMap);
      named(rendered, "Secret", example.secret);
      named(rendered, "ServiceAccount", example.serviceAccount);
      expect([...nameLabels(rendered.objects)]).toEqual([example.name]);
    },
  );
});
