// The chart as a dependency of another chart: test/fixtures/umbrella depends on chart/ through
// `file://../../../chart` with `condition: cryptoflow.enabled`, and twice more under aliases.
// Each helm builds the dependency (offline: a file:// chart is packaged, nothing is downloaded),
// lints the parent and renders it with values set through the parent's keys and through global.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { KubernetesObject, V1Deployment, V1Service } from "@kubernetes/client-node";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chartDir } from "../../scripts/chart/folder.ts";
import { kubeVersion, type Rendered } from "../../scripts/chart/helm-template.ts";
import { projectRoot } from "../../scripts/project-root.ts";
import { graph } from "../expectations.ts";
import { isolatedHelm } from "../helm-home.ts";
import { applicationEnv, container, deployments, helms, named, podSpecs, render, services } from "../render.ts";
import { allowedAmong } from "../workload-endpoints.ts";

const fixture = join(projectRoot, "test", "fixtures", "umbrella");
const chartVersion = readFileSync(join(chartDir, "Chart.yaml"), "utf8").match(/^version: (\S+)$/m)?.[1];

/** The objects the cryptoflow chart rendered (the parent renders one ConfigMap of its own). */
const ours = (rendered: Rendered) =>
  rendered.objects.filter((object) => object.metadata?.labels?.["app.kubernetes.io/part-of"] === "cryptoflow");

const kindAndName = (object: KubernetesObject) => `${object.kind}/${object.metadata?.name}`;

const selects = (service: V1Service, deployment: V1Deployment) =>
  Object.entries(service.spec?.selector ?? {}).every(
    ([key, value]) => deployment.spec?.template.metadata?.labels?.[key] === value,
  );

/** host of a URL or a bare gRPC target. */
const hostOf = (value: string) => (value.includes("://") ? new URL(value).hostname : value.split(":")[0]);

describe.each(helms)("the chart as a subchart, with helm $version", (helm) => {
  // A scratch copy of the repository's layout, so that the fixture's relative file:// path
  // resolves to a copy of chart/ and `helm dependency build` writes nothing into the repository.
  let root = "";
  let umbrella = "";
  const template = (set: Record<string, string | number | boolean> = {}) =>
    render(helm, { chart: umbrella, release: "platform", set });
  const lint = (set: string[] = []) =>
    execa(helm.path, ["lint", "--strict", umbrella, "--kube-version", kubeVersion, ...set], { reject: false });
  const aliases = { "cryptoflow.enabled": false, "blue.enabled": true, "green.enabled": true };

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), `cryptoflow-umbrella-helm${helm.major}-`));
    umbrella = join(root, "test", "fixtures", "umbrella");
    cpSync(chartDir, join(root, "chart"), { recursive: true });
    cpSync(fixture, umbrella, { recursive: true });
    // Its own config and cache, so no repository or plugin of the user's takes part.
    const isolated = isolatedHelm(helm, join(root, "no-kubeconfig"));
    const built = await isolated.run(["dependency", "build", umbrella]);
    isolated.cleanup();
    expect(built.exitCode, built.stderr).toBe(0);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("builds the file:// dependency into the parent's charts/, at the chart's version", () => {
    expect(readdirSync(join(umbrella, "charts"))).toEqual([`cryptoflow-${chartVersion}.tgz`]);
  });

  it.each([
    ["on", []],
    ["off", ["--set", "cryptoflow.enabled=false"]],
    ["as two instances under aliases", ["--set", "cryptoflow.enabled=false,blue.enabled=true,green.enabled=true"]],
  ])("passes helm lint --strict with the subchart %s", async (_, set) => {
    const result = await lint(set);
    expect(result.exitCode, `${result.stdout}\n${result.stderr}`).toBe(0);
    expect(result.stdout).toMatch(/1 chart\(s\) linted, 0 chart\(s\) failed/);
  });

  it("fails helm lint on a subchart value the chart's schema refuses, naming it", async () => {
    const result = await lint(["--set", "cryptoflow.api.replicaCount=-1"]);
    expect(result.exitCode).not.toBe(0);
    expect(result.stdout).toMatch(/'\/api\/replicaCount'/);
  });

  it("renders the subchart with values set through the parent's key and through global", async () => {
    const rendered = await template();
    expect(named<V1Deployment>(rendered, "Deployment", "api").spec?.replicas).toBe(2);
    named(rendered, "ConfigMap", "platform-platform");
    const pods = podSpecs(rendered);
    expect(pods.length).toBeGreaterThan(15);
    for (const { owner, spec } of pods) {
      expect(
        (spec.imagePullSecrets ?? []).map((secret) => secret.name),
        owner,
      ).toEqual(["regcred", "registry-mirror"]);
    }
    for (const object of ours(rendered)) {
      expect(object.metadata?.labels?.["app.kubernetes.io/instance"], kindAndName(object)).toBe("platform");
      expect(object.metadata?.labels?.["app.kubernetes.io/name"], kindAndName(object)).toBe("cryptoflow");
    }
    const mcp = applicationEnv(rendered, container(named<V1Deployment>(rendered, "Deployment", "mcp")));
    expect(hostOf(mcp.DATABASE_URL)).toBe("postgres.default.svc.cluster.local");
  });

  it("renders nothing of the chart's when cryptoflow.enabled is false", async () => {
    const rendered = await template({ "cryptoflow.enabled": false });
    expect(rendered.objects.map(kindAndName)).toEqual(["ConfigMap/platform-platform"]);
  });

  it("runs two instances under aliases side by side: own names, own selectors, own connections", async () => {
    const rendered = await template(aliases);
    const names = rendered.objects.map(kindAndName);
    expect(names.filter((name, index) => names.indexOf(name) !== index)).toEqual([]);
    for (const instance of ["blue", "green"]) {
      // Helm gives an aliased chart the alias as its name: the label that keeps the instances apart.
      const mine = ours(rendered).filter((object) => object.metadata?.labels?.["app.kubernetes.io/name"] === instance);
      expect(mine.length).toBeGreaterThan(30);
      for (const object of mine)
        expect(object.metadata?.name, kindAndName(object)).toMatch(new RegExp(`^${instance}(-|$)`));
      const ownServices = services(rendered).filter((service) => service.metadata?.name?.startsWith(`${instance}-`));
      expect(ownServices.length).toBe(8);
      for (const service of ownServices) {
        const selected = deployments(rendered).filter((deployment) => selects(service, deployment));
        expect(selected.map((deployment) => deployment.metadata?.name)).toEqual([service.metadata?.name]);
      }
      const hosts = ownServices.map((service) => `${service.metadata?.name}.default.svc.cluster.local`);
      for (const deployment of deployments(rendered).filter((d) => d.metadata?.name?.startsWith(`${instance}-`))) {
        const env = applicationEnv(rendered, container(deployment));
        for (const [variable, value] of Object.entries(env).filter(([key]) => /_URL$|_BACKEND$|_TARGET$/.test(key))) {
          expect(hosts, `${deployment.metadata?.name} ${variable}`).toContain(hostOf(value));
        }
      }
    }
    // Each instance's NetworkPolicies allow its own graph, and nothing between the instances.
    const byInstance = (labels: Record<string, string>) =>
      `${labels["app.kubernetes.io/name"]}:${labels["app.kubernetes.io/component"]}`;
    const expected = ["blue", "green"].flatMap((instance) =>
      graph.map((edge) => edge.replace(/^(\S+) → (\S+)$/, `${instance}:$1 → ${instance}:$2`)),
    );
    expect(allowedAmong(rendered, "default", byInstance)).toEqual(expected.sort());
  });

  it("accepts, on its own, what a parent passes: enabled=true and global keys of other charts", async () => {
    const rendered = await render(helm, { set: { enabled: true, "global.storageClass": "fast-ssd" } });
    expect(deployments(rendered).length).toBe(9);
  });
});
