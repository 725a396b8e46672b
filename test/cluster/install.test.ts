// Each shipped values profile installs into a namespace that enforces the `restricted` Pod
// Security Standard, and the API server and controllers accept and act on every object.
// No kubelet runs here: Pods are created and admitted, then stay Pending, and helm runs no hooks
// (see helm.ts); test/e2e runs the default install for real on a node.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { V1Pod } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chartDir, chartProfiles, profileArgs } from "../../scripts/chart/folder.ts";
import { objectName } from "../../scripts/chart/helm-template.ts";
import { waitFor } from "../../scripts/cluster/wait.ts";
import { components as deployments } from "../expectations.ts";
import { helmsUnderTest } from "./chart.ts";
import { clusterForThisFile, createRestrictedNamespace, deleteNamespace, listIn, uniqueNamespace } from "./cluster.ts";
import { type HelmResult, type HelmRunner, helmRunner } from "./helm.ts";
import { type InstallPlan, installPlan } from "./rendered.ts";

const cluster = clusterForThisFile();

/** The API server's Pod Security warning, as helm prints it. */
const podSecurityWarning = /would violate PodSecurity/;

function expectRestricted(pod: V1Pod): void {
  const spec = pod.spec;
  expect(spec?.securityContext?.runAsNonRoot, `${pod.metadata?.name} runAsNonRoot`).toBe(true);
  expect(spec?.securityContext?.seccompProfile?.type).toBe("RuntimeDefault");
  for (const container of [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])]) {
    const context = container.securityContext;
    expect(context?.allowPrivilegeEscalation, `${pod.metadata?.name}/${container.name}`).toBe(false);
    expect(context?.capabilities?.drop).toContain("ALL");
  }
}

describe.each(helmsUnderTest())("helm $version installs every values profile", (binary) => {
  let helm: HelmRunner;
  beforeAll(() => {
    helm = helmRunner(binary, cluster);
  });
  afterAll(() => helm?.cleanup());

  describe.each(chartProfiles())("profile $name", (profile) => {
    const release = "cryptoflow";
    const namespace = uniqueNamespace(`install-h${binary.major}-${profile.name}`);
    let installed: HelmResult;
    let rendered: InstallPlan;

    beforeAll(async () => {
      await createRestrictedNamespace(cluster, namespace);
      rendered = await installPlan(binary, release, namespace, profileArgs(profile));
      installed = await helm.run(namespace, ["install", release, chartDir, ...profileArgs(profile)]);
    });
    // Uninstall frees NodePort 30000 for the next profile and helm major.
    afterAll(async () => {
      await helm.run(namespace, ["uninstall", release, "--wait"]);
      await deleteNamespace(cluster, namespace);
    });

    it("is accepted by the API server, with no Pod Security warning", () => {
      expect(installed.stderr).not.toMatch(podSecurityWarning);
      expect(installed.exitCode, installed.stderr).toBe(0);
    });

    it("creates every object `helm template` renders", async () => {
      const missing: string[] = [];
      for (const object of rendered.objects) {
        const { apiVersion, kind, metadata } = object;
        await cluster.kube.objects
          .read({ apiVersion, kind, metadata: { name: metadata?.name ?? "", namespace } })
          .catch(() => missing.push(objectName(object)));
      }
      expect(missing).toEqual([]);
    });

    it("allocates a ClusterIP to every Service, and the NodePorts the values ask for", async () => {
      const list = await listIn(cluster, namespace, "services", release);
      expect(list.length).toBe(rendered.objects.filter((o) => o.kind === "Service").length);
      for (const service of list) {
        const name = service.metadata?.name;
        if (service.spec?.clusterIP === "None") continue; // headless, by design
        expect(service.spec?.clusterIP, `${name} ClusterIP`).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
        const asked = rendered.objects.find((o) => o.kind === "Service" && o.metadata?.name === name);
        const askedPorts = (asked?.spec?.ports ?? []) as { name?: string; nodePort?: number }[];
        for (const port of service.spec?.ports ?? []) {
          const want = askedPorts.find((p) => p.name === port.name)?.nodePort;
          if (want) expect(port.nodePort, `${name} ${port.name}`).toBe(want);
          else if (service.spec?.type === "NodePort") expect(port.nodePort).toBeGreaterThanOrEqual(30000);
        }
      }
    });

    // Hooks (the migrations Job) and `helm test` pods run for real on the node (test/e2e), for the
    // default values; here the API server judges every profile's: a server-side dry run goes
    // through admission, so a pod template `restricted` forbids is refused.
    it("has every hook Job and `helm test` Pod admitted under `restricted` (server-side dry run)", async () => {
      const hooks = rendered.hooks.map((h) => h.object);
      expect(hooks.filter((o) => o.kind === "Job").map((o) => o.metadata?.name)).toContain("migrations");
      expect(hooks.filter((o) => o.kind === "Pod").length, "helm test pods rendered").toBeGreaterThan(0);
      const refused: string[] = [];
      for (const object of hooks) {
        await cluster.kube.objects
          .create({ ...object, metadata: { ...object.metadata, namespace } }, undefined, "All")
          .catch((error: Error) => refused.push(`${objectName(object)}: ${error.message.slice(0, 300)}`));
      }
      expect(refused).toEqual([]);
    });

    if (profile.name === "default") {
      it("exposes the API on NodePort 30000 and runs the infrastructure as Deployments", async () => {
        const api = (await listIn(cluster, namespace, "services", release)).find((s) => s.metadata?.name === "api");
        expect(api?.spec?.type).toBe("NodePort");
        expect(api?.spec?.ports?.[0]?.nodePort).toBe(30000);
        const names = (await listIn(cluster, namespace, "deployments", release)).map((d) => d.metadata?.name);
        expect(names.sort()).toEqual([...deployments].sort());
      });
    }

    it("gets the Pods of every workload created by the controllers, under `restricted` (Pending: no kubelet)", async () => {
      const workloads = rendered.objects.filter((o) => o.kind === "Deployment" || o.kind === "StatefulSet");
      const wanted = workloads.reduce((sum, w) => sum + Number(w.spec?.replicas ?? 1), 0);
      // Deployment → ReplicaSet → Pod goes through two controllers and Pod Security admission.
      let pods: V1Pod[] = [];
      await waitFor(
        `${wanted} pods created by the controllers`,
        async () => {
          pods = await listIn(cluster, namespace, "pods", release);
          return pods.filter((p) => !p.metadata?.annotations?.["helm.sh/hook"]).length >= wanted;
        },
        60_000,
        500,
      ).catch(() => undefined);
      const workloadPods = pods.filter((p) => !p.metadata?.annotations?.["helm.sh/hook"]);
      expect(workloadPods.length, "pods created").toBeGreaterThanOrEqual(wanted);
      if (!cluster.existing) {
        for (const pod of workloadPods) expect(pod.status?.phase, pod.metadata?.name).toBe("Pending");
      }
      for (const pod of workloadPods) expectRestricted(pod);
    });
  });
});

/** A one-Deployment chart whose pod runs privileged: what the no-warning checks above must catch. */
function plantedPrivilegedChart(): string {
  const dir = mkdtempSync(join(tmpdir(), "cryptoflow-planted-"));
  mkdirSync(join(dir, "templates"));
  writeFileSync(join(dir, "Chart.yaml"), "apiVersion: v2\nname: planted-privileged\nversion: 0.0.1\n");
  const deployment = {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "privileged" },
    spec: {
      selector: { matchLabels: { app: "privileged" } },
      template: {
        metadata: { labels: { app: "privileged" } },
        spec: { containers: [{ name: "main", image: "busybox:1.37.0", securityContext: { privileged: true } }] },
      },
    },
  };
  writeFileSync(join(dir, "templates", "deployment.yaml"), JSON.stringify(deployment));
  return dir;
}

describe.each(helmsUnderTest())("helm $version shows Pod Security warnings", (binary) => {
  let helm: HelmRunner;
  let chart: string;
  const namespace = uniqueNamespace(`planted-h${binary.major}`);
  beforeAll(async () => {
    helm = helmRunner(binary, cluster);
    chart = plantedPrivilegedChart();
    await createRestrictedNamespace(cluster, namespace);
  });
  afterAll(async () => {
    await deleteNamespace(cluster, namespace);
    helm?.cleanup();
    rmSync(chart, { recursive: true, force: true });
  });

  // The planted defect: proves the "no Pod Security warning" checks can fail.
  it("prints the API server's warning for a privileged pod template in a restricted namespace", async () => {
    const result = await helm.run(namespace, ["install", "planted", chart]);
    // The same pattern the no-warning checks use (helm prints the warning through klog, quotes escaped).
    expect(result.stderr).toMatch(podSecurityWarning);
    expect(result.stderr).toMatch(/restricted:latest.*privileged/);
  });
});
