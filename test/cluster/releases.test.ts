// Several releases on one cluster: in two namespaces, and three in one namespace with
// prefixWithReleaseName or a fullnameOverride. NodePorts are cluster-wide, so each release needs its own.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chartDir } from "../../scripts/chart/folder.ts";
import { servedComponents as services } from "../expectations.ts";
import { helmsUnderTest } from "./chart.ts";
import { clusterForThisFile, createRestrictedNamespace, deleteNamespace, listIn, uniqueNamespace } from "./cluster.ts";
import { type HelmRunner, helmRunner } from "./helm.ts";

const cluster = clusterForThisFile();

async function serviceNames(namespace: string, release: string): Promise<string[]> {
  const list = await listIn(cluster, namespace, "services", release);
  return list.map((s) => s.metadata?.name ?? "").sort();
}

describe.each(helmsUnderTest())("helm $version: several releases", (binary) => {
  const first = uniqueNamespace(`first-h${binary.major}`);
  const second = uniqueNamespace(`second-h${binary.major}`);
  let helm: HelmRunner;

  beforeAll(async () => {
    helm = helmRunner(binary, cluster);
    await createRestrictedNamespace(cluster, first);
    await createRestrictedNamespace(cluster, second);
    await helm.ok(first, ["install", "cryptoflow", chartDir]);
  });
  afterAll(async () => {
    for (const [namespace, release] of [
      [first, "cryptoflow"],
      [first, "other"],
      [first, "clash"],
      [first, "third"],
      [second, "cryptoflow"],
    ] as const) {
      await helm?.run(namespace, ["uninstall", release, "--wait"]);
    }
    await deleteNamespace(cluster, first);
    await deleteNamespace(cluster, second);
    helm?.cleanup();
  });

  it("refuses a second release with the same NodePort, naming the port", async () => {
    const clash = await helm.run(second, ["install", "cryptoflow", chartDir]);
    expect(clash.exitCode).not.toBe(0);
    expect(clash.stderr).toMatch(/30000.*already allocated/);
    // A failed install leaves a failed release record behind; remove it for the next test.
    await helm.run(second, ["uninstall", "cryptoflow", "--wait"]);
  });

  it("installs a second release in another namespace with its own NodePort", async () => {
    await helm.ok(second, ["install", "cryptoflow", chartDir, "--set", "api.service.nodePorts.http=30001"]);
    expect(await serviceNames(first, "cryptoflow")).toEqual([...services].sort());
    expect(await serviceNames(second, "cryptoflow")).toEqual([...services].sort());
  });

  it("refuses a second release in the same namespace without prefixWithReleaseName", async () => {
    const clash = await helm.run(first, ["install", "clash", chartDir, "--set", "api.service.nodePorts.http=30002"]);
    expect(clash.exitCode).not.toBe(0);
    console.log(`helm ${binary.version}, second release in one namespace without prefix:\n${clash.stderr.trim()}`);
    // The chart's own check names the value to set (before helm's generic ownership error).
    expect(clash.stderr).toMatch(/already has the Service api of release cryptoflow: set prefixWithReleaseName=true/);
  });

  it("installs a second release in the same namespace with prefixWithReleaseName=true", async () => {
    await helm.ok(first, [
      "install",
      "other",
      chartDir,
      "--set",
      "prefixWithReleaseName=true",
      "--set",
      "api.service.nodePorts.http=30003",
    ]);
    expect(await serviceNames(first, "other")).toEqual(services.map((name) => `other-${name}`).sort());
    expect(await serviceNames(first, "cryptoflow")).toEqual([...services].sort());
  });

  it("installs a third release in the same namespace under a fullnameOverride of its own", async () => {
    const args = ["install", "third", chartDir, "--set", "fullnameOverride=desk"];
    await helm.ok(first, [...args, "--set", "api.service.nodePorts.http=30004"]);
    expect(await serviceNames(first, "third")).toEqual(services.map((name) => `desk-${name}`).sort());
    expect(await serviceNames(first, "cryptoflow")).toEqual([...services].sort());
  });
});
