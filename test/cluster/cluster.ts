// The cluster a test file runs against: our own control plane (the default), or the user's
// cluster from KUBECONFIG when USE_EXISTING_CLUSTER=true (kind, minikube …), as envtest does.
import { randomBytes } from "node:crypto";
import type { V1Namespace, V1Secret } from "@kubernetes/client-node";
import { afterAll, beforeAll } from "vitest";
import { startControlPlane } from "../../scripts/cluster/control-plane.ts";
import { KubeClient } from "./kube-client.ts";

export interface TestCluster {
  kubeconfig: string;
  /** True when running on the user's cluster (a kubelet runs pods there). */
  existing: boolean;
  kube: KubeClient;
  stop(): Promise<void>;
}

export async function startTestCluster(): Promise<TestCluster> {
  if (process.env.USE_EXISTING_CLUSTER === "true") {
    const kubeconfig = process.env.KUBECONFIG;
    if (!kubeconfig) throw new Error("USE_EXISTING_CLUSTER=true needs KUBECONFIG set to one kubeconfig file");
    console.log(`cluster tests: using the existing cluster from ${kubeconfig}`);
    return { kubeconfig, existing: true, kube: new KubeClient(kubeconfig), stop: async () => {} };
  }
  const plane = await startControlPlane();
  console.log(
    `cluster tests: control plane (etcd, kube-apiserver, kube-controller-manager) ready in ${plane.startupSeconds.toFixed(1)}s`,
  );
  return { kubeconfig: plane.kubeconfig, existing: false, kube: new KubeClient(plane.kubeconfig), stop: plane.stop };
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
  return cluster.kube.request<V1Namespace>("POST", "/api/v1/namespaces", {
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
  });
}

/** Deletes the namespace without waiting: the control plane is thrown away anyway. */
export async function deleteNamespace(cluster: TestCluster, name: string): Promise<void> {
  await cluster.kube.request("DELETE", `/api/v1/namespaces/${name}`).catch(() => undefined);
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

/** The items of a namespaced collection (`services`, `deployments`, `jobs` …) of one release, or all. */
export function listIn<T>(cluster: TestCluster, namespace: string, resource: string, release?: string): Promise<T[]> {
  return cluster.kube.list<T>(KubeClient.path(namespace, resource), release ? instanceSelector(release) : undefined);
}

export function readSecret(cluster: TestCluster, namespace: string, name: string): Promise<V1Secret> {
  return cluster.kube.get<V1Secret>(KubeClient.path(namespace, "secrets", name));
}
