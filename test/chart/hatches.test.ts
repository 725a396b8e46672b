// The escape hatches: extraEnvFrom, extraVolumes, extraVolumeMounts, initContainers, sidecars and
// priorityClassName, per component and under global. Each lands in its component's pods (as a
// Deployment and, for a datastore, as a StatefulSet), global's first and the component's after;
// the migrations Job takes global's but sidecars; the helm test pods take none.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { V1PodSpec } from "@kubernetes/client-node";
import { execa } from "execa";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { chartDir } from "../../scripts/chart/folder.ts";
import { kubeVersion, type Rendered } from "../../scripts/chart/helm-template.ts";
import { components, datastores, valuesKeys } from "../expectations.ts";
import { helms, podSpecs, render, valuesFiles } from "../render.ts";

const files = valuesFiles("hatches");
afterAll(files.remove);

const secure = { allowPrivilegeEscalation: false, runAsNonRoot: true, capabilities: { drop: ["ALL"] } };
const container = (name: string) => ({
  name,
  image: "busybox:1.37.0",
  command: ["sleep", "1"],
  securityContext: secure,
});

/** Hatches named after their owner (`global`, `api`, `marketData`…), so each one's origin shows in the render. */
function hatchesOf(owner: string, priorityClassName: string) {
  const name = owner.toLowerCase();
  return {
    extraEnvFrom: [
      { configMapRef: { name: `${name}-env` } },
      { secretRef: { name: `${name}-secret-env` }, prefix: "X_" },
    ],
    extraVolumes: [{ name: `${name}-extra`, configMap: { name: `${name}-files` } }],
    extraVolumeMounts: [{ name: `${name}-extra`, mountPath: `/extra/${name}`, readOnly: true }],
    initContainers: [container(`${name}-init`)],
    sidecars: [container(`${name}-sidecar`)],
    priorityClassName,
  };
}

const statefulStores = Object.fromEntries(
  datastores.map((name) => [valuesKeys[name], { workload: "StatefulSet", persistence: { enabled: true } }]),
);

/** Every component with hatches of its own, and global's; marketData leaves priorityClassName to global. */
const everywhere = {
  global: hatchesOf("global", "standard"),
  ...Object.fromEntries(
    components.map((name) => [
      valuesKeys[name],
      hatchesOf(valuesKeys[name], name === "market-data" ? "" : `${name}-priority`),
    ]),
  ),
};

/** `everywhere`, with the datastores' settings from `stores` added to their hatches. */
function withWorkloads(stores: Record<string, object>) {
  const values: Record<string, object> = { ...everywhere };
  for (const [key, settings] of Object.entries(stores)) values[key] = { ...values[key], ...settings };
  return values;
}

/** The YAML examples of the chart README's "Escape hatches" section, by the keys each shows. */
function readmeExamples(): [string, string][] {
  const readme = readFileSync(join(chartDir, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## Escape hatches"), readme.indexOf("## Connection settings"));
  const examples = [...section.matchAll(/^`([^`]+)`: [^\n]*\n\n```yaml\n([\s\S]*?)```/gm)];
  if (examples.length < 7) throw new Error("the chart README's escape-hatch examples are missing");
  return examples.map((match) => [match[1], match[2]]);
}

const podOf = (rendered: Rendered, owner: string): V1PodSpec => {
  const found = podSpecs(rendered).find((pod) => pod.owner === owner);
  if (!found) throw new Error(`no pod template of ${owner} in the render`);
  return found.spec;
};

const names = (items: { name: string }[] | undefined) => (items ?? []).map((item) => item.name);

describe.each(helms)("escape hatches with helm $version", (helm) => {
  it("adds nothing by default", async () => {
    const rendered = await render(helm);
    for (const { owner, spec } of podSpecs(rendered)) {
      expect(spec.initContainers, owner).toBeUndefined();
      expect(spec.priorityClassName, owner).toBeUndefined();
      expect(spec.containers.length, owner).toBe(1);
      expect(spec.containers[0].envFrom, owner).toBeUndefined();
    }
  });

  it.each([
    ["Deployments", {}],
    ["StatefulSets", statefulStores],
  ])("puts global's then each component's own in every component's pod (datastores as %s)", async (_, stores) => {
    const values = files.write(withWorkloads(stores));
    const rendered = await render(helm, { values: [values] });
    for (const name of components) {
      const isDatastore = (datastores as readonly string[]).includes(name);
      const kind = isDatastore && Object.keys(stores).length ? "StatefulSet" : "Deployment";
      const owner = `${kind}/${name}`;
      const spec = podOf(rendered, owner);
      const own = valuesKeys[name].toLowerCase();
      expect(names(spec.initContainers), owner).toEqual(["global-init", `${own}-init`]);
      expect(names(spec.containers), owner).toEqual([name, "global-sidecar", `${own}-sidecar`]);
      expect(spec.containers[1].securityContext, owner).toEqual(secure);
      const main = spec.containers[0];
      expect(main.envFrom, owner).toEqual([
        { configMapRef: { name: "global-env" } },
        { secretRef: { name: "global-secret-env" }, prefix: "X_" },
        { configMapRef: { name: `${own}-env` } },
        { secretRef: { name: `${own}-secret-env` }, prefix: "X_" },
      ]);
      // The chart's own volumes and mounts first, the additions after them.
      expect(names(spec.volumes).slice(-2), owner).toEqual(["global-extra", `${own}-extra`]);
      expect(spec.volumes?.at(-1), owner).toEqual({ name: `${own}-extra`, configMap: { name: `${own}-files` } });
      expect((main.volumeMounts ?? []).slice(-2), owner).toEqual([
        { name: "global-extra", mountPath: "/extra/global", readOnly: true },
        { name: `${own}-extra`, mountPath: `/extra/${own}`, readOnly: true },
      ]);
      expect(names(main.volumeMounts).length, owner).toBeGreaterThan(2);
      // A component's priorityClassName wins; without one, global's applies.
      expect(spec.priorityClassName, owner).toBe(name === "market-data" ? "standard" : `${name}-priority`);
    }
  });

  it("gives the migrations Job global's additions but sidecars, and the api's pod settings", async () => {
    const rendered = await render(helm, { values: [files.write(everywhere)] });
    const job = podOf(rendered, "Job/migrations");
    expect(names(job.initContainers)).toEqual(["global-init"]);
    expect(names(job.containers)).toEqual(["migrations"]);
    expect(job.containers[0].envFrom).toEqual([
      { configMapRef: { name: "global-env" } },
      { secretRef: { name: "global-secret-env" }, prefix: "X_" },
    ]);
    expect(names(job.volumes)).toEqual(["tmp", "global-extra"]);
    expect(names(job.containers[0].volumeMounts)).toEqual(["tmp", "global-extra"]);
    expect(job.priorityClassName).toBe("api-priority");
  });

  it("leaves the helm test pods as the chart wrote them", async () => {
    const rendered = await render(helm, { values: [files.write(everywhere)] });
    const tests = podSpecs(rendered).filter(({ owner }) => owner.startsWith("Pod/"));
    expect(tests.length).toBeGreaterThan(3);
    for (const { owner, spec } of tests) {
      expect(spec.initContainers, owner).toBeUndefined();
      expect(spec.containers.length, owner).toBe(1);
      expect(spec.containers[0].envFrom, owner).toBeUndefined();
      expect(spec.volumes, owner).toBeUndefined();
      expect(spec.priorityClassName, owner).toBeUndefined();
    }
  });

  it.each(readmeExamples())("renders the chart README's example for %s", async (key, yaml) => {
    const rendered = await render(helm, { values: [files.write(parse(yaml) as object)] });
    expect(rendered.objects.length, key).toBeGreaterThan(20);
  });

  it("passes helm lint --strict with every hatch set", async () => {
    const values = files.write(everywhere);
    const { stdout } = await execa(helm.path, [
      "lint",
      "--strict",
      chartDir,
      "--values",
      values,
      "--kube-version",
      kubeVersion,
    ]);
    expect(stdout).toMatch(/0 chart\(s\) failed/);
  });
});
