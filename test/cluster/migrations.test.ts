// migrations.mode=plain on a real API server: the migrations Job is an ordinary object of the
// release (no hook runs it), named after a hash of its spec; an upgrade that changes its image
// replaces it by a Job of a new name, and an upgrade that changes nothing of it keeps it. The Job
// controller creates its pod (Pending: no kubelet here), which nothing marks complete; the e2e
// suite runs it for real.
import type { V1Job, V1Pod } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chartDir } from "../../scripts/chart/folder.ts";
import { waitFor } from "../../scripts/cluster/wait.ts";
import { databaseReaders } from "../expectations.ts";
import { helmsUnderTest } from "./chart.ts";
import { clusterForThisFile, createRestrictedNamespace, deleteNamespace, listIn, uniqueNamespace } from "./cluster.ts";
import { type HelmRunner, helmRunner } from "./helm.ts";
import { installPlan } from "./rendered.ts";

const cluster = clusterForThisFile();

describe.each(helmsUnderTest())("helm $version with migrations.mode=plain", (binary) => {
  const release = "cryptoflow";
  const namespace = uniqueNamespace(`migrations-h${binary.major}`);
  const plain = ["--set", "migrations.mode=plain"];
  const newImage = [...plain, "--set", "image.tag=1.0.1"];
  let helm: HelmRunner;
  /** The Job's name as `helm template` renders it for the same values. */
  const renderedJobName = async (valuesArgs: string[]) => {
    const { objects, hooks } = await installPlan(binary, release, namespace, valuesArgs);
    expect(hooks.map(({ object }) => object.kind)).not.toContain("Job");
    const jobs = objects.filter((object) => object.kind === "Job").map((object) => object.metadata?.name ?? "");
    expect(jobs).toHaveLength(1);
    return jobs[0];
  };
  const jobs = async () => (await listIn(cluster, namespace, "jobs", release)) as V1Job[];
  const readJob = (name: string) => cluster.kube.batch.readNamespacedJob({ name, namespace });

  beforeAll(async () => {
    helm = helmRunner(binary, cluster);
    await createRestrictedNamespace(cluster, namespace);
  });
  afterAll(async () => {
    await helm?.run(namespace, ["uninstall", release, "--wait"]);
    await deleteNamespace(cluster, namespace);
    helm?.cleanup();
  });

  let installedName = "";
  let installedUid = "";

  it("installs the Job as an object of the release, with the hashed name `helm template` gives", async () => {
    installedName = await renderedJobName(plain);
    expect(installedName).toMatch(/^migrations-[0-9a-f]{10}$/);
    const installed = await helm.ok(namespace, ["install", release, chartDir, ...plain]);
    expect(installed.stderr).not.toMatch(/would violate PodSecurity/);
    const job = await readJob(installedName);
    expect(job.metadata?.annotations?.["meta.helm.sh/release-name"]).toBe(release);
    expect(Object.keys(job.metadata?.annotations ?? {}).filter((key) => key.startsWith("helm.sh/hook"))).toEqual([]);
    installedUid = job.metadata?.uid ?? "";
    expect((await jobs()).map((candidate) => candidate.metadata?.name)).toEqual([installedName]);
    const manifest = await helm.ok(namespace, ["get", "manifest", release]);
    expect(manifest.stdout).toContain(`name: ${installedName}`);
  });

  it("has the Job's pod created by the Job controller and the database readers' pods with their wait (Pending: no kubelet)", async () => {
    let pods: V1Pod[] = [];
    await waitFor(
      "the Job's pod and the mcp and order-service pods",
      async () => {
        pods = await listIn(cluster, namespace, "pods", release);
        const components = pods.map((pod) => pod.metadata?.labels?.["app.kubernetes.io/component"]);
        return ["migrations", ...databaseReaders].every((name) => components.includes(name));
      },
      60_000,
      500,
    );
    const jobPod = pods.find((pod) => pod.metadata?.labels?.["app.kubernetes.io/component"] === "migrations");
    expect(jobPod?.metadata?.ownerReferences?.[0]).toMatchObject({ kind: "Job", name: installedName });
    for (const name of databaseReaders) {
      const pod = pods.find((candidate) => candidate.metadata?.labels?.["app.kubernetes.io/component"] === name);
      expect(
        pod?.spec?.initContainers?.map((init) => init.name),
        name,
      ).toEqual(["wait-for-schema"]);
      if (!cluster.existing) expect(pod?.status?.phase, name).toBe("Pending");
    }
    // Nothing here runs it: the Job has not completed, and the test does not pretend it has.
    const job = await readJob(installedName);
    if (!cluster.existing) expect(job.status?.succeeded ?? 0).toBe(0);
  });

  it("keeps the same Job across an upgrade that changes nothing it runs", async () => {
    await helm.ok(namespace, ["upgrade", release, chartDir, ...plain, "--set", "api.replicaCount=3"]);
    expect((await jobs()).map((candidate) => candidate.metadata?.name)).toEqual([installedName]);
    expect((await readJob(installedName)).metadata?.uid).toBe(installedUid);
  });

  it("replaces the Job by one of a new name when the image changes, and deletes the old one", async () => {
    const upgradedName = await renderedJobName(newImage);
    expect(upgradedName).toMatch(/^migrations-[0-9a-f]{10}$/);
    expect(upgradedName).not.toBe(installedName);
    // A Job's pod template is immutable: under one name this upgrade would be refused.
    await helm.ok(namespace, ["upgrade", release, chartDir, ...newImage]);
    const job = await readJob(upgradedName);
    expect(job.spec?.template.spec?.containers[0]?.image).toBe("ghcr.io/cryptoflow-chart/cryptoflow:1.0.1");
    await waitFor(
      `the old Job ${installedName} deleted`,
      async () => !(await jobs()).some((candidate) => candidate.metadata?.name === installedName),
      60_000,
      500,
    );
    expect((await jobs()).map((candidate) => candidate.metadata?.name)).toEqual([upgradedName]);
  });
});
