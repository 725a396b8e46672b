// Where the real node lives on this machine: its addresses, ports and folders. One node per
// machine: the cni0 bridge, the pod and service ranges, the kubepods cgroups and the iptables
// chains are machine-wide, so these are fixed, and the preflight check says what holds them.
import { join } from "node:path";
import { userCacheDir } from "../tools.ts";

export const nodeName = "cryptoflow-node";
/**
 * The node's address, a /32 on `lo` (this kernel has no dummy interfaces). Not in 127/8: pods
 * reach the API server and NodePorts through it, and a pod's 127.0.0.1 is its own.
 */
export const nodeIp = "10.250.0.1";
export const podCidr = "10.244.0.0/24";
export const serviceCidr = "10.96.0.0/16";
/** First address of the service range: the `kubernetes` Service. */
export const kubernetesServiceIp = "10.96.0.1";
/** The cluster DNS Service (kube-dns), as kubeadm places it. */
export const dnsServiceIp = "10.96.0.10";
export const clusterDomain = "cluster.local";

/** Fixed ports, all on loopback or the node address; `preflight` checks each is free. */
export const ports = {
  apiserver: 6443,
  etcd: 23790,
  etcdPeer: 23800,
  registry: 5001,
  controllerManager: 10257,
  scheduler: 10259,
  kubelet: 10250,
  kubeletHealthz: 10248,
  kubeProxyHealthz: 10256,
  kubeProxyMetrics: 10249,
  kubeRouterHealth: 20244,
} as const;

export const registryAddress = `127.0.0.1:${ports.registry}`;
/** Registries whose images the node pulls from the local registry instead (containerd mirrors). */
export const mirroredRegistries = {
  "docker.io": "https://registry-1.docker.io",
  "registry.k8s.io": "https://registry.k8s.io",
  "ghcr.io": "https://ghcr.io",
} as const;
/** The sandbox image containerd runs for every pod; built here from go/pause. */
export const pauseImage = "registry.k8s.io/pause:3.10";

/** Everything of one run: removed by the teardown. NODE_STATE moves it. */
export const stateDir = process.env.NODE_STATE ?? "/tmp/cryptoflow-node";
export const runDir = join(stateDir, "run");
/** The host's state before the first run (sysctls, network namespaces), which the teardown restores. */
export const baselineDir = join(stateDir, "baseline");
/** The registry's storage: kept across runs and clones, so images are built once per machine. */
export const registryDataDir = join(userCacheDir, "registry-data");

export const paths = {
  pki: join(runDir, "pki"),
  logs: join(runDir, "log"),
  etcd: join(runDir, "etcd"),
  containerd: join(runDir, "containerd"),
  containerdSocket: join(runDir, "containerd", "containerd.sock"),
  cniConfig: join(runDir, "cni", "net.d"),
  cniState: join(runDir, "cni", "ipam"),
  kubeletRoot: join(runDir, "kubelet-root"),
  kubelet: join(runDir, "kubelet"),
  podLogs: join(runDir, "pod-logs"),
  kubeProxy: join(runDir, "kube-proxy"),
  localPath: join(runDir, "local-path"),
  adminKubeconfig: join(runDir, "pki", "admin.kubeconfig"),
  /** The API server's audit log: what Pod Security's `audit` mode reports lands here. */
  auditLog: join(runDir, "log", "audit.log"),
} as const;

/** Where the Debian packages put the CNI plugins. */
export const cniBinDir = "/usr/lib/cni";
