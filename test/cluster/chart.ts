// The helms under test, and what a release leaves in a namespace. The chart and its profiles are
// scripts/chart/folder.ts's.
import { helmBinaries } from "../../scripts/tools.ts";
import { type Collection, listIn, type TestCluster } from "./cluster.ts";

/** Helm 4 and Helm 3, with a message that says how to build them when missing. */
export function helmsUnderTest() {
  return helmBinaries().sort((a, b) => b.major - a.major);
}

const releaseKinds: Record<Collection, string> = {
  services: "Service",
  configmaps: "ConfigMap",
  secrets: "Secret",
  serviceaccounts: "ServiceAccount",
  persistentvolumeclaims: "PersistentVolumeClaim",
  pods: "Pod",
  deployments: "Deployment",
  replicasets: "ReplicaSet",
  jobs: "Job",
};

/** "Kind/name" of every object of the release (by its instance label) still in the namespace. */
export async function releaseObjects(cluster: TestCluster, namespace: string, release: string): Promise<string[]> {
  const lists = await Promise.all(
    (Object.entries(releaseKinds) as [Collection, string][]).map(async ([collection, kind]) =>
      (await listIn(cluster, namespace, collection, release)).map((o) => `${kind}/${o.metadata?.name}`),
    ),
  );
  return lists.flat().sort();
}
