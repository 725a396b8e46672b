// existingSecret against a real API server: a Secret that is there but lacks a password is
// refused before anything is created, naming the key; one with the passwords alone is enough;
// and one not created yet (External Secrets, sealed-secrets syncing after the chart) does not
// block the install.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chartDir } from "../../scripts/chart/folder.ts";
import { helmsUnderTest, releaseObjects } from "./chart.ts";
import { clusterForThisFile, createRestrictedNamespace, deleteNamespace, uniqueNamespace } from "./cluster.ts";
import { type HelmRunner, helmRunner } from "./helm.ts";

const cluster = clusterForThisFile();

async function createSecret(namespace: string, name: string, data: Record<string, string>): Promise<void> {
  await cluster.kube.core.createNamespacedSecret({
    namespace,
    body: { metadata: { name }, stringData: data },
  });
}

describe.each(helmsUnderTest())("helm $version with existingSecret", (binary) => {
  let helm: HelmRunner;
  const namespace = uniqueNamespace(`existing-secret-h${binary.major}`);

  beforeAll(async () => {
    helm = helmRunner(binary, cluster);
    await createRestrictedNamespace(cluster, namespace);
  });
  afterAll(async () => {
    for (const release of ["partial", "complete", "later"]) await helm?.run(namespace, ["uninstall", release]);
    await deleteNamespace(cluster, namespace);
    helm?.cleanup();
  });

  it("refuses a Secret without REDIS_PASSWORD, naming the key and leaving nothing behind", async () => {
    await createSecret(namespace, "partial-credentials", { POSTGRES_PASSWORD: "a", RABBITMQ_PASSWORD: "b" });
    const result = await helm.run(namespace, [
      "install",
      "partial",
      chartDir,
      "--set",
      "existingSecret=partial-credentials,prefixWithReleaseName=true,api.service.type=ClusterIP",
    ]);
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toContain('existingSecret "partial-credentials" has no REDIS_PASSWORD');
    expect(result.stderr).toContain("POSTGRES_PASSWORD, REDIS_PASSWORD, RABBITMQ_PASSWORD");
    expect(await releaseObjects(cluster, namespace, "partial")).toEqual([]);
  });

  it("installs with the three passwords alone, and renders no Secret of its own", async () => {
    await createSecret(namespace, "complete-credentials", {
      POSTGRES_PASSWORD: "pg %41 @/#?",
      REDIS_PASSWORD: "rd :&=+",
      RABBITMQ_PASSWORD: "mq %2F @",
    });
    await helm.ok(namespace, [
      "install",
      "complete",
      chartDir,
      "--set",
      "existingSecret=complete-credentials,prefixWithReleaseName=true,api.service.type=ClusterIP",
    ]);
    const objects = await releaseObjects(cluster, namespace, "complete");
    expect(objects).toContain("Deployment/complete-mcp");
    expect(objects.filter((object) => object.startsWith("Secret/"))).toEqual([]);
  });

  it("installs before the Secret exists, as a GitOps sync may", async () => {
    await helm.ok(namespace, [
      "install",
      "later",
      chartDir,
      "--set",
      "existingSecret=not-yet-synced,prefixWithReleaseName=true,api.service.type=ClusterIP",
    ]);
    expect(await releaseObjects(cluster, namespace, "later")).toContain("Deployment/later-api");
  });
});
