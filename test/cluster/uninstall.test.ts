// `helm uninstall` removes the release, except what the chart marks `helm.sh/resource-policy:
// keep`: the datastores' PVCs when persistence is on, and the Secret with the passwords that
// open them. A reinstall adopts both and keeps the password.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chartDir } from "../../scripts/chart/folder.ts";
import { waitFor } from "../../scripts/cluster/wait.ts";
import { datastores } from "../expectations.ts";
import { helmsUnderTest, releaseObjects } from "./chart.ts";
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

const cluster = clusterForThisFile();

const persistence = datastores.flatMap((name) => ["--set", `${name}.persistence.enabled=true`]);
const keptWithPersistence = [
  ...datastores.map((name) => `PersistentVolumeClaim/${name}`),
  "Secret/cryptoflow-secrets",
].sort();

/** Waits until only `expected` is left: the garbage collector removes ReplicaSets and Pods after their Deployment. */
async function expectLeftovers(namespace: string, expected: string[]): Promise<void> {
  let left: string[] = [];
  await waitFor(
    "the garbage collector to remove the release's objects",
    async () => {
      left = await releaseObjects(cluster, namespace, "cryptoflow");
      return left.every((name) => expected.includes(name));
    },
    60_000,
    500,
  ).catch(() => undefined);
  // Soft: the reinstall checks below still run when something is left behind.
  expect.soft(left).toEqual(expected);
}

describe.each(helmsUnderTest())("helm $version uninstalls", (binary) => {
  let helm: HelmRunner;
  const withoutPersistence = uniqueNamespace(`uninstall-h${binary.major}`);
  const withPersistence = uniqueNamespace(`keep-h${binary.major}`);

  beforeAll(async () => {
    helm = helmRunner(binary, cluster);
    await createRestrictedNamespace(cluster, withoutPersistence);
    await createRestrictedNamespace(cluster, withPersistence);
  });
  afterAll(async () => {
    await helm?.run(withPersistence, ["uninstall", "cryptoflow", "--wait"]);
    await deleteNamespace(cluster, withoutPersistence);
    await deleteNamespace(cluster, withPersistence);
    helm?.cleanup();
  });

  it("removes every object of a release without persistence", async () => {
    await helm.ok(withoutPersistence, ["install", "cryptoflow", chartDir]);
    await helm.ok(withoutPersistence, ["uninstall", "cryptoflow", "--wait"]);
    await expectLeftovers(withoutPersistence, []);
  });

  it("keeps the PVCs and the Secret when persistence is on, and a reinstall reuses them", async () => {
    await helm.ok(withPersistence, ["install", "cryptoflow", chartDir, ...persistence]);
    const secretBefore = await readSecret(cluster, withPersistence, "cryptoflow-secrets");
    const claims = await listIn(cluster, withPersistence, "persistentvolumeclaims");
    const claimUids = claims.map((c) => c.metadata?.uid).sort();
    expect(claimUids).toHaveLength(datastores.length);

    await helm.ok(withPersistence, ["uninstall", "cryptoflow", "--wait"]);
    await expectLeftovers(withPersistence, keptWithPersistence);

    await helm.ok(withPersistence, ["install", "cryptoflow", chartDir, ...persistence]);
    const secretAfter = await readSecret(cluster, withPersistence, "cryptoflow-secrets");
    expect(decodedSecret(secretAfter)).toEqual(decodedSecret(secretBefore));
    const reused = await listIn(cluster, withPersistence, "persistentvolumeclaims");
    expect(reused.map((c) => c.metadata?.uid).sort()).toEqual(claimUids);
  });
});
