// Upgrades and rollbacks against a real API server: `lookup` finds the chart's Secret, so the
// generated passwords must survive every upgrade and rollback, and the migrations hook runs
// before each upgrade.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chartDir } from "../../scripts/chart/folder.ts";
import { helmsUnderTest } from "./chart.ts";
import {
  clusterForThisFile,
  createRestrictedNamespace,
  decodedSecret,
  deleteNamespace,
  listIn,
  readSecret,
  uniqueNamespace,
} from "./cluster.ts";
import { type HelmRunner, helmRunner } from "./helm.ts";
import { previousChart } from "./previous-chart.ts";

const cluster = clusterForThisFile();

// Chart 0.6.0 stopped storing connection URLs: the passwords are what an upgrade must keep.
const passwordKeys = ["POSTGRES_PASSWORD", "REDIS_PASSWORD", "RABBITMQ_PASSWORD"];

async function passwords(namespace: string, secretName = "cryptoflow-secrets"): Promise<Record<string, string>> {
  const secret = decodedSecret(await readSecret(cluster, namespace, secretName));
  return Object.fromEntries(passwordKeys.map((key) => [key, secret[key] ?? ""]));
}

describe.each(helmsUnderTest())("helm $version upgrades and rolls back", (binary) => {
  const release = "cryptoflow";
  const namespace = uniqueNamespace(`upgrade-h${binary.major}`);
  let helm: HelmRunner;
  let installed: Record<string, string>;

  beforeAll(async () => {
    helm = helmRunner(binary, cluster);
    await createRestrictedNamespace(cluster, namespace);
    await helm.ok(namespace, ["install", release, chartDir]);
    installed = await passwords(namespace);
  });
  afterAll(async () => {
    await helm?.run(namespace, ["uninstall", release, "--wait"]);
    await deleteNamespace(cluster, namespace);
    helm?.cleanup();
  });

  it("generates non-empty passwords on install", () => {
    for (const key of ["POSTGRES_PASSWORD", "REDIS_PASSWORD", "RABBITMQ_PASSWORD"]) {
      expect(installed[key]?.length, key).toBeGreaterThanOrEqual(16);
    }
  });

  it("keeps the passwords on a plain `helm upgrade`", async () => {
    await helm.ok(namespace, ["upgrade", release, chartDir]);
    expect(await passwords(namespace)).toEqual(installed);
  });

  it("keeps the passwords on an upgrade that changes unrelated values", async () => {
    const args = ["upgrade", release, chartDir, "--reuse-values", "--set", "marketData.service.ports.grpc=50061"];
    await helm.ok(namespace, args);
    expect(await passwords(namespace)).toEqual(installed);
    const config = await listIn(cluster, namespace, "configmaps", release);
    expect(config.map((c) => c.data?.MARKET_DATA_GRPC_TARGET)).toContain(
      `market-data.${namespace}.svc.cluster.local:50061`,
    );
  });

  it("keeps the passwords after `helm rollback` to the first revision", async () => {
    await helm.ok(namespace, ["rollback", release, "1"]);
    expect(await passwords(namespace)).toEqual(installed);
    const history = await helm.ok(namespace, ["history", release, "-o", "json"]);
    const revisions = JSON.parse(history.stdout) as { revision: number; status: string }[];
    expect(revisions.map((r) => r.status)).toEqual(["superseded", "superseded", "superseded", "deployed"]);
  });

  it("refuses an upgrade that changes nameOverride, naming it, before anything changes", async () => {
    // The Deployments' selectors carry the chart's name, and a selector cannot change.
    const refused = await helm.run(namespace, ["upgrade", release, chartDir, "--set", "nameOverride=trading"]);
    expect(refused.exitCode).not.toBe(0);
    expect(refused.stderr).toMatch(/`nameOverride` makes the chart's name trading, but the Deployments of release/);
    expect(refused.stderr).toMatch(/select app\.kubernetes\.io\/name=cryptoflow.*set `nameOverride` to cryptoflow/);
    const history = await helm.ok(namespace, ["history", release, "-o", "json"]);
    expect((JSON.parse(history.stdout) as unknown[]).length).toBe(4);
    // The name the release already has is not a change.
    await helm.ok(namespace, ["upgrade", release, chartDir, "--set", "nameOverride=cryptoflow"]);
    expect(await passwords(namespace)).toEqual(installed);
  });
});

describe.each(helmsUnderTest())("helm $version upgrades from the previous released chart", (binary) => {
  // Looked up once; a shallow clone is an error that this test reports, not a reason to skip it.
  const previous = (() => {
    try {
      return previousChart();
    } catch (error) {
      return error as Error;
    }
  })();
  const namespace = uniqueNamespace(`previous-h${binary.major}`);
  let helm: HelmRunner;
  beforeAll(() => {
    helm = helmRunner(binary, cluster);
  });
  afterAll(async () => {
    await helm?.run(namespace, ["uninstall", "cryptoflow", "--wait"]);
    await deleteNamespace(cluster, namespace);
    helm?.cleanup();
  });

  // Honest about history: with no earlier version there is nothing to upgrade from, and the
  // test reports that as a skip with the reason instead of upgrading the chart onto itself.
  it(
    "found" in previous && previous.found
      ? `upgrades ${previous.version} to the current chart`
      : "upgrades the previous chart version to the current chart",
    async (context) => {
      if (previous instanceof Error) throw previous;
      if (!previous.found) {
        context.skip(previous.reason);
        return;
      }
      await createRestrictedNamespace(cluster, namespace);
      await helm.ok(namespace, ["install", "cryptoflow", previous.chartDir]);
      const before = await passwords(namespace);
      await helm.ok(namespace, ["upgrade", "cryptoflow", chartDir]);
      expect(await passwords(namespace)).toEqual(before);
    },
  );
});
