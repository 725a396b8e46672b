// Upgrades that would lose a datastore's data, or that Kubernetes would refuse half-way, are
// refused by the chart before anything changes: it reads the release's claims, StatefulSet and
// StorageClasses with `lookup`, which only a real API server answers. Each refusal is checked
// for its exact message (naming the values key) and for leaving the release, its workloads and
// its claims as they were; the upgrades the chart allows are shown to go through.
import { randomBytes } from "node:crypto";
import { StorageV1Api, type V1PersistentVolumeClaim } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chartDir } from "../../scripts/chart/folder.ts";
import { waitFor } from "../../scripts/cluster/wait.ts";
import { namesKey } from "../errors.ts";
import { datastores } from "../expectations.ts";
import { valuesFiles } from "../render.ts";
import { helmsUnderTest } from "./chart.ts";
import { clusterForThisFile, createRestrictedNamespace, deleteNamespace, listIn, uniqueNamespace } from "./cluster.ts";
import { type HelmRunner, helmRunner } from "./helm.ts";

const cluster = clusterForThisFile();
const files = valuesFiles("volume-upgrades");
const release = "cryptoflow";

// Cluster-wide, so named for this run. No provisioner serves them: a claim of either stays
// Pending until a test binds it to a PersistentVolume of its own.
const suffix = randomBytes(3).toString("hex");
const fixed = `fixed-size-${suffix}`;
const growable = `growable-${suffix}`;
const persistentVolumes: string[] = [];

const storage = () => cluster.kube.config.makeApiClient(StorageV1Api);

beforeAll(async () => {
  for (const [name, allowVolumeExpansion] of [
    [fixed, undefined],
    [growable, true],
  ] as const) {
    await storage().createStorageClass({
      body: {
        apiVersion: "storage.k8s.io/v1",
        kind: "StorageClass",
        metadata: { name },
        provisioner: "cryptoflow.test/none",
        volumeBindingMode: "Immediate",
        ...(allowVolumeExpansion ? { allowVolumeExpansion } : {}),
      },
    });
  }
});
afterAll(async () => {
  for (const name of [fixed, growable])
    await storage()
      .deleteStorageClass({ name })
      .catch(() => undefined);
  for (const name of persistentVolumes) await cluster.kube.core.deletePersistentVolume({ name }).catch(() => undefined);
  files.remove();
});

/** What an upgrade must not touch: each claim's identity and spec, each workload's spec generation. */
async function volumesState(namespace: string) {
  const claims = await listIn(cluster, namespace, "persistentvolumeclaims");
  const deployments = await listIn(cluster, namespace, "deployments", release);
  const statefulSets = (await cluster.kube.apps.listNamespacedStatefulSet({ namespace })).items;
  return {
    claims: Object.fromEntries(claims.map((c) => [c.metadata?.name, { uid: c.metadata?.uid, spec: c.spec }])),
    workloads: [
      ...deployments.map((d) => `Deployment/${d.metadata?.name}@${d.metadata?.generation}`),
      ...statefulSets.map((s) => `StatefulSet/${s.metadata?.name}@${s.metadata?.generation}`),
    ].sort(),
  };
}

const claim = (namespace: string, name: string): Promise<V1PersistentVolumeClaim> =>
  cluster.kube.core.readNamespacedPersistentVolumeClaim({ namespace, name });

interface Refusal {
  what: string;
  set: string[];
  key: string;
  message: (namespace: string) => string;
}

const refusals: Refusal[] = [
  ...(["postgres", "chroma"] as const).map((name) => ({
    what: `${name} switched from its PVC to an emptyDir`,
    set: [`${name}.persistence.enabled=false`],
    key: `${name}.persistence.enabled`,
    message: (namespace: string) =>
      `${name}.persistence.enabled is false, but ${name} keeps its data in PVC ${name} of release cryptoflow: the pod would start on an empty emptyDir, and PVC ${name} would be left behind, unused. Keep ${name}.persistence.enabled=true; if the data is to be thrown away, back it up, delete the PVC (kubectl delete pvc ${name} --namespace ${namespace}) and upgrade again`,
  })),
  {
    what: "rabbitmq (keepOnUninstall=false) switched to an emptyDir, which would delete its PVC",
    set: ["rabbitmq.persistence.enabled=false"],
    key: "rabbitmq.persistence.enabled",
    message: (namespace) =>
      `rabbitmq.persistence.enabled is false, but rabbitmq keeps its data in PVC rabbitmq of release cryptoflow: the pod would start on an empty emptyDir, and Helm would delete PVC rabbitmq (it is not annotated helm.sh/resource-policy: keep). Keep rabbitmq.persistence.enabled=true; if the data is to be thrown away, back it up, delete the PVC (kubectl delete pvc rabbitmq --namespace ${namespace}) and upgrade again`,
  },
  {
    what: "the redis StatefulSet replaced by a Deployment on an emptyDir",
    set: ["redis.workload=Deployment", "redis.persistence.enabled=false"],
    key: "redis.persistence.enabled",
    message: (namespace) =>
      `redis.persistence.enabled is false, but redis keeps its data in PVC data-redis-0 of release cryptoflow: the pod would start on an empty emptyDir, and PVC data-redis-0 would be left behind, unused. Keep redis.persistence.enabled=true; if the data is to be thrown away, back it up, delete the PVC (kubectl delete pvc data-redis-0 --namespace ${namespace}) and upgrade again`,
  },
  {
    what: "postgres switched to a managed database",
    set: ["postgres.enabled=false", "externalDatabase.host=db.example.com", "externalDatabase.password=elsewhere"],
    key: "postgres.enabled",
    message: (namespace) =>
      `postgres.enabled is false, but postgres keeps its data in PVC postgres of release cryptoflow: the release would use externalDatabase instead, which does not have that data, and PVC postgres would be left behind, unused. Keep postgres.enabled=true; to switch, copy the data to externalDatabase first, then back it up, delete the PVC (kubectl delete pvc postgres --namespace ${namespace}) and upgrade again`,
  },
  {
    what: "postgres moved from a Deployment to a StatefulSet",
    set: ["postgres.workload=StatefulSet"],
    key: "postgres.workload",
    message: () =>
      "postgres.workload is StatefulSet, but postgres keeps its data in PVC postgres, the Deployment's claim: the StatefulSet would start on a new, empty claim data-postgres-0, and PVC postgres would be left behind, unused. Keep postgres.workload=Deployment, or copy the data into a PVC named data-postgres-0 first (the StatefulSet uses an existing claim of that name)",
  },
  {
    what: "redis moved from a StatefulSet to a Deployment",
    set: ["redis.workload=Deployment"],
    key: "redis.workload",
    message: () =>
      "redis.workload is Deployment, but redis keeps its data in PVC data-redis-0, the StatefulSet's claim: the Deployment would start on a new, empty claim redis, and PVC data-redis-0 would be left behind, unused. Keep redis.workload=StatefulSet, or set redis.persistence.existingClaim=data-redis-0 to run the Deployment on that claim",
  },
  {
    what: "a smaller rabbitmq volume",
    set: ["rabbitmq.persistence.size=1Gi"],
    key: "rabbitmq.persistence.size",
    message: () =>
      "rabbitmq.persistence.size is 1Gi, less than the 2Gi PVC rabbitmq already requests, and a volume never shrinks: set rabbitmq.persistence.size back to 2Gi; to start smaller, back the data up, delete the PVC and upgrade again",
  },
  {
    what: "a larger rabbitmq volume in a StorageClass that cannot expand",
    set: ["rabbitmq.persistence.size=4Gi"],
    key: "rabbitmq.persistence.size",
    message: () =>
      `rabbitmq.persistence.size is 4Gi, more than the 2Gi of PVC rabbitmq, but its StorageClass "${fixed}" does not allow volume expansion (allowVolumeExpansion is not true): keep rabbitmq.persistence.size at 2Gi; to grow, ask the cluster's administrator to set allowVolumeExpansion: true on StorageClass "${fixed}" if its provisioner can expand volumes, or copy the data into a new claim and point rabbitmq.persistence.existingClaim at it`,
  },
  {
    what: "another StorageClass for the rabbitmq claim",
    set: [`rabbitmq.persistence.storageClass=${growable}`],
    key: "rabbitmq.persistence.storageClass",
    message: () =>
      `rabbitmq.persistence.storageClass is "${growable}", but PVC rabbitmq was created with storageClassName "${fixed}", and a claim's class cannot change: set rabbitmq.persistence.storageClass to "${fixed}" (or "" to leave the claim as it is); to move to another class, copy the data into a new claim and point rabbitmq.persistence.existingClaim at it`,
  },
  {
    what: "other access modes for the rabbitmq claim",
    set: ["rabbitmq.persistence.accessModes[0]=ReadWriteMany"],
    key: "rabbitmq.persistence.accessModes",
    message: () =>
      "rabbitmq.persistence.accessModes is [ReadWriteMany], but PVC rabbitmq was created with [ReadWriteOnce], and a claim's access modes cannot change: set rabbitmq.persistence.accessModes back to [ReadWriteOnce]; to use other modes, copy the data into a new claim and point rabbitmq.persistence.existingClaim at it",
  },
  {
    what: "a larger postgres volume while its claim is not bound",
    set: ["postgres.persistence.size=16Gi"],
    key: "postgres.persistence.size",
    message: () =>
      "postgres.persistence.size is 16Gi, more than the 8Gi of PVC postgres, but the claim is Pending, not bound to a volume, and Kubernetes resizes only bound claims: keep postgres.persistence.size at 8Gi until it is Bound, or delete the claim (unbound, it holds no data) and upgrade again",
  },
  {
    what: "a larger size in the redis StatefulSet's volumeClaimTemplates",
    set: ["redis.persistence.size=4Gi"],
    key: "redis.persistence.size",
    message: (namespace) =>
      `redis.persistence.size is "4Gi", but the StatefulSet redis was created with "2Gi" in its volumeClaimTemplates, which Kubernetes does not let change: set redis.persistence.size back to "2Gi"; to change the claim, edit PVC data-redis-0 itself (a larger size needs a StorageClass with allowVolumeExpansion: true), then delete the StatefulSet but not its pod and claims (kubectl delete statefulset redis --cascade=orphan --namespace ${namespace}) and upgrade: the StatefulSet is created again and takes them over`,
  },
  {
    what: "another StorageClass in the redis StatefulSet's volumeClaimTemplates",
    set: [`redis.persistence.storageClass=${growable}`],
    key: "redis.persistence.storageClass",
    message: () =>
      `redis.persistence.storageClass is "${growable}", but the StatefulSet redis was created with "${fixed}" in its volumeClaimTemplates, which Kubernetes does not let change: set redis.persistence.storageClass back to "${fixed}"; a claim's storage class and access modes cannot change either: to move the data, back it up, delete the StatefulSet and PVC data-redis-0, upgrade, and restore the data into the new claim`,
  },
];

describe.each(helmsUnderTest())("helm $version refuses upgrades that would lose data", (binary) => {
  const namespace = uniqueNamespace(`volumes-h${binary.major}`);
  let helm: HelmRunner;

  /** The release's current revision, from `helm history`. */
  const revision = async () => {
    const history = await helm.ok(namespace, ["history", release, "-o", "json"]);
    const revisions = JSON.parse(history.stdout) as { revision: number; status: string }[];
    return revisions.map((r) => `${r.revision} ${r.status}`).pop();
  };
  const upgrade = (set: string[]) =>
    helm.run(namespace, ["upgrade", release, chartDir, "--reuse-values", ...set.flatMap((s) => ["--set", s])]);

  beforeAll(async () => {
    helm = helmRunner(binary, cluster);
    await createRestrictedNamespace(cluster, namespace);
    const values = files.write({
      api: { service: { type: "ClusterIP" } },
      postgres: { persistence: { enabled: true, storageClass: growable } },
      redis: { workload: "StatefulSet", persistence: { enabled: true, storageClass: fixed } },
      rabbitmq: { persistence: { enabled: true, storageClass: fixed, keepOnUninstall: false } },
      chroma: { persistence: { enabled: true } },
    });
    await helm.ok(namespace, ["install", release, chartDir, "--values", values]);
    // The StatefulSet controller makes redis's claim from the template when it creates the pod.
    await waitFor(
      "the StatefulSet controller to create PVC data-redis-0",
      async () => !!(await claim(namespace, "data-redis-0")),
      60_000,
    );
  });
  afterAll(async () => {
    await helm?.run(namespace, ["uninstall", release, "--wait"]);
    await deleteNamespace(cluster, namespace);
    helm?.cleanup();
  });

  it("gives every datastore its claim", async () => {
    const claims = await listIn(cluster, namespace, "persistentvolumeclaims");
    expect(claims.map((c) => c.metadata?.name).sort()).toEqual(
      datastores.map((name) => (name === "redis" ? "data-redis-0" : name)).sort(),
    );
  });

  it("accepts an upgrade that keeps every volume, with a size written another way (2048Mi for 2Gi)", async () => {
    const before = await claim(namespace, "rabbitmq");
    const result = await upgrade(["rabbitmq.persistence.size=2048Mi", "redis.persistence.size=2048Mi"]);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(await revision()).toBe("2 deployed");
    const after = await claim(namespace, "rabbitmq");
    expect(after.metadata?.uid).toBe(before.metadata?.uid);
    expect(after.spec?.resources?.requests?.storage).toBe("2Gi");
  });

  it.each(refusals)("refuses $what, naming $key, and changes nothing", async ({ set, key, message }) => {
    const before = await volumesState(namespace);
    const result = await upgrade(set);
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toContain(message(namespace));
    expect(namesKey(result.stderr, key), `error does not name ${key}:\n${result.stderr}`).toBe(true);
    expect(await revision()).toBe("2 deployed");
    expect(await volumesState(namespace)).toEqual(before);
  });

  it("grows the postgres volume once its claim is bound and its StorageClass allows expansion", async () => {
    // A volume made by hand and pre-bound to the claim: the PV controller binds the two.
    const volume = `${namespace}-postgres`;
    persistentVolumes.push(volume);
    await cluster.kube.core.createPersistentVolume({
      body: {
        apiVersion: "v1",
        kind: "PersistentVolume",
        metadata: { name: volume },
        spec: {
          capacity: { storage: "8Gi" },
          accessModes: ["ReadWriteOnce"],
          storageClassName: growable,
          persistentVolumeReclaimPolicy: "Retain",
          hostPath: { path: `/var/lib/cryptoflow-tests/${volume}` },
          claimRef: { namespace, name: "postgres" },
        },
      },
    });
    await waitFor(
      "the PV controller to bind PVC postgres",
      async () => (await claim(namespace, "postgres")).status?.phase === "Bound",
      60_000,
    );
    const before = await claim(namespace, "postgres");
    const result = await upgrade(["postgres.persistence.size=16Gi"]);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(await revision()).toBe("3 deployed");
    const after = await claim(namespace, "postgres");
    expect(after.metadata?.uid).toBe(before.metadata?.uid);
    expect(after.spec?.resources?.requests?.storage).toBe("16Gi");
  });

  it("moves redis from its StatefulSet to a Deployment on the same claim, as its refusal says", async () => {
    const before = await claim(namespace, "data-redis-0");
    const result = await upgrade(["redis.workload=Deployment", "redis.persistence.existingClaim=data-redis-0"]);
    expect(result.exitCode, result.stderr).toBe(0);
    const deployment = await cluster.kube.apps.readNamespacedDeployment({ namespace, name: "redis" });
    const volumes = deployment.spec?.template.spec?.volumes ?? [];
    expect(volumes.find((v) => v.name === "data")?.persistentVolumeClaim?.claimName).toBe("data-redis-0");
    expect((await claim(namespace, "data-redis-0")).metadata?.uid).toBe(before.metadata?.uid);
  });
});
