// The chart under test, its shipped values profiles, and what a release leaves in a namespace.
import { existsSync, readdirSync } from "node:fs";
import { basename, join } from "node:path";
import { projectRoot } from "../../scripts/project-root.ts";
import { helmBinaries } from "../../scripts/tools.ts";
import { type Collection, listIn, type TestCluster } from "./cluster.ts";

export const chartDir = join(projectRoot, "chart");

export interface ValuesProfile {
  name: string;
  /** `-f` arguments; empty for the chart's defaults. */
  valuesArgs: string[];
}

/** The chart's defaults plus every shipped `chart/profiles/*.yaml`. */
export function valuesProfiles(): ValuesProfile[] {
  const dir = join(chartDir, "profiles");
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".yaml")) : [];
  return [
    { name: "defaults", valuesArgs: [] },
    ...files.sort().map((file) => ({ name: basename(file, ".yaml"), valuesArgs: ["-f", join(dir, file)] })),
  ];
}

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
