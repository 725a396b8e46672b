// The cluster a test file runs against: our own control plane (the default), or the user's
// cluster from KUBECONFIG when USE_EXISTING_CLUSTER=true (kind, minikube …), as envtest does.
// The tests talk to its API server with @kubernetes/client-node, configured from its kubeconfig.
import { randomBytes } from "node:crypto";
import {
  AppsV1Api,
  BatchV1Api,
  CoreV1Api,
  KubeConfig,
  KubernetesObjectApi,
  type V1Namespace,
  type V1Secret,
} from "@kubernetes/client-node";
import { afterAll, beforeAll } from "vitest";
import { startControlPlane } from "../../scripts/cluster/control-plane.ts";

/** The typed APIs the tests use, and KubernetesObjectApi for objects of any kind. */
export interface KubeApis {
  /** For another API group: `config.makeApiClient(NetworkingV1Api)`. */
  config: KubeConfig;
  core: CoreV1Api;
  apps: AppsV1Api;
  batch: BatchV1Api;
  objects: KubernetesObjectApi;
}

/** Clients for the cluster of `kubeconfig` (its current context). */
export function kubeApis(kubeconfig: string): KubeApis {
  const config = new KubeConfig();
  config.loadFromFile(kubeconfig);
  return {
    config,
    core: config.makeApiClient(CoreV1Api),
    apps: config.makeApiClient(AppsV1Api),
    batch: config.makeApiClient(BatchV1Api),
    objects: KubernetesObjectApi.makeApiClient(config),
  };
}

export interface TestCluster {
  kubeconfig: string;
  /** True when running on the user's cluster (a kubelet runs pods there). */
  existing: boolean;
  kube: KubeApis;
  stop(): Promise<void>;
}

export async function startTestCluster(): Promise<TestCluster> {
  if (process.env.USE_EXISTING_CLUSTER === "true") {
    const kubeconfig = process.env.KUBECONFIG;
    if (!kubeconfig) throw new Error("USE_EXISTING_CLUSTER=true needs KUBECONFIG set to one kubeconfig file");
    console.log(`cluster tests: using the existing cluster from ${kubeconfig}`);
    return { kubeconfig, existing: true, kube: kubeApis(kubeconfig), stop: async () => {} };
  }
  const plane = await startControlPlane();
  console.log(
    `cluster tests: control plane (etcd, kube-apiserver, kube-controller-manager) ready in ${plane.startupSeconds.toFixed(1)}s`,
  );
  return { kubeconfig: plane.kubeconfig, existing: false, kube: kubeApis(plane.kubeconfig), stop: plane.stop };
}

/**
 * The cluster of the calling test file: started before its tests, stopped after them (also when
 * one fails). Its fields can be read once the file's tests run.
 */
export function clusterForThisFile(): TestCluster {
  let started: TestCluster | undefined;
  beforeAll(async () => {
    started = await startTestCluster();
  });
  afterAll(async () => {
    await started?.stop();
  });
  const current = (): TestCluster => {
    if (!started) throw new Error("the test cluster is not running: read it inside a test or hook");
    return started;
  };
  return {
    get kubeconfig() {
      return current().kubeconfig;
    },
    get existing() {
      return current().existing;
    },
    get kube() {
      return current().kube;
    },
    stop: () => current().stop(),
  };
}

/** A fresh namespace name: tests never reuse one, so runs against a real cluster do not collide. */
export function uniqueNamespace(prefix: string): string {
  return `${prefix}-${randomBytes(3).toString("hex")}`.slice(0, 63);
}

/**
 * Creates a namespace that enforces, warns about and audits the `restricted` Pod Security
 * Standard, as hardened clusters do. `warn` makes the API server return a warning for a workload
 * whose pod template would violate it (enforce alone checks only Pods), which helm prints.
 */
export async function createRestrictedNamespace(cluster: TestCluster, name: string): Promise<V1Namespace> {
  return cluster.kube.core.createNamespace({
    body: {
      apiVersion: "v1",
      kind: "Namespace",
      metadata: {
        name,
        labels: {
          "pod-security.kubernetes.io/enforce": "restricted",
          "pod-security.kubernetes.io/enforce-version": "latest",
          "pod-security.kubernetes.io/warn": "restricted",
          "pod-security.kubernetes.io/warn-version": "latest",
          "pod-security.kubernetes.io/audit": "restricted",
          "pod-security.kubernetes.io/audit-version": "latest",
          "app.kubernetes.io/part-of": "cryptoflow-cluster-tests",
        },
      },
    },
  });
}

/** Deletes the namespace without waiting: the control plane is thrown away anyway. */
export async function deleteNamespace(cluster: TestCluster, name: string): Promise<void> {
  await cluster.kube.core.deleteNamespace({ name }).catch(() => undefined);
}

/** The chart's Secret decoded: the passwords a user would read with `kubectl get secret -o jsonpath`. */
export function decodedSecret(secret: V1Secret): Record<string, string> {
  return Object.fromEntries(
    Object.entries(secret.data ?? {}).map(([key, value]) => [key, Buffer.from(value, "base64").toString("utf8")]),
  );
}

export function instanceSelector(release: string): string {
  return `app.kubernetes.io/instance=${release}`;
}

interface ListRequest {
  namespace: string;
  labelSelector?: string;
}

/** Each namespaced collection the tests list, through its typed API. */
const collections = {
  services: (kube: KubeApis, request: ListRequest) => kube.core.listNamespacedService(request),
  configmaps: (kube: KubeApis, request: ListRequest) => kube.core.listNamespacedConfigMap(request),
  secrets: (kube: KubeApis, request: ListRequest) => kube.core.listNamespacedSecret(request),
  serviceaccounts: (kube: KubeApis, request: ListRequest) => kube.core.listNamespacedServiceAccount(request),
  persistentvolumeclaims: (kube: KubeApis, request: ListRequest) =>
    kube.core.listNamespacedPersistentVolumeClaim(request),
  pods: (kube: KubeApis, request: ListRequest) => kube.core.listNamespacedPod(request),
  deployments: (kube: KubeApis, request: ListRequest) => kube.apps.listNamespacedDeployment(request),
  replicasets: (kube: KubeApis, request: ListRequest) => kube.apps.listNamespacedReplicaSet(request),
  jobs: (kube: KubeApis, request: ListRequest) => kube.batch.listNamespacedJob(request),
};

export type Collection = keyof typeof collections;
/** The object type of a collection: `Listed<"services">` is V1Service. */
export type Listed<C extends Collection> = Awaited<ReturnType<(typeof collections)[C]>>["items"][number];

/** The items of a namespaced collection (`services`, `deployments`, `jobs` …) of one release, or all. */
export async function listIn<C extends Collection>(
  cluster: TestCluster,
  namespace: string,
  collection: C,
  release?: string,
): Promise<Listed<C>[]> {
  const labelSelector = release ? instanceSelector(release) : undefined;
  const list = await collections[collection](cluster.kube, { namespace, labelSelector });
  return list.items as Listed<C>[];
}

export function readSecret(cluster: TestCluster, namespace: string, name: string): Promise<V1Secret> {
  return cluster.kube.core.readNamespacedSecret({ name, namespace });
}
