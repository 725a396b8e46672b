// What turns a node into a cluster the chart can run on: RBAC for the node's own identities,
// cluster DNS (CoreDNS behind kube-dns at the DNS Service address), NetworkPolicy enforcement
// (kube-router's firewall controller) and PVCs (the local-path provisioner, default StorageClass).
// kube-router and the provisioner run as host processes; CoreDNS runs as a pod, as on any cluster.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { kubeBinary } from "../cluster/binaries.ts";
import { type ServerProcess, startProcess, waitForProcess } from "../cluster/processes.ts";
import type { NodeTools } from "./node-tools.ts";
import type { NodePki } from "./pki.ts";
import { dnsServiceIp, nodeName, paths, ports, serviceCidr } from "./settings.ts";

export const corednsImage = "docker.io/coredns/coredns:v1.15.0";
/** Runs the provisioner's mkdir/rm helper pods: the busybox the chart's test pods use. */
export const helperImage = "docker.io/library/busybox:1.37.0";

const manifests = join(fileURLToPath(new URL(".", import.meta.url)), "manifests");

export function kubectl(args: string[], input?: string): string {
  const out = spawnSync(kubeBinary("kubectl"), ["--kubeconfig", paths.adminKubeconfig, ...args], {
    input,
    encoding: "utf8",
    timeout: 180_000,
  });
  if (out.status !== 0) throw new Error(`kubectl ${args.join(" ")} failed:\n${out.stderr || out.error?.message}`);
  return out.stdout;
}

function applyManifest(name: string, placeholders: Record<string, string> = {}): void {
  let text = readFileSync(join(manifests, name), "utf8");
  for (const [key, value] of Object.entries(placeholders)) text = text.replaceAll(`@${key}@`, value);
  kubectl(["apply", "-f", "-"], text);
}

export function applyNodeRbac(): void {
  applyManifest("rbac.yaml");
}

export function deployCoreDns(): void {
  applyManifest("coredns.yaml", { DNS_IP: dnsServiceIp, COREDNS_IMAGE: corednsImage });
  kubectl(["-n", "kube-system", "rollout", "status", "deployment/coredns", "--timeout=120s"]);
}

export async function startKubeRouter(pki: NodePki, tools: NodeTools, servers: ServerProcess[]): Promise<void> {
  const router = startProcess(
    "kube-router",
    tools.kubeRouter,
    [
      `--kubeconfig=${pki.kubeconfigs["kube-router"]}`,
      `--hostname-override=${nodeName}`,
      // Only the firewall: kube-proxy serves Services and the bridge plugin routes pods.
      "--run-firewall=true",
      "--run-router=false",
      "--run-service-proxy=false",
      "--run-loadbalancer=false",
      "--enable-ipv4=true",
      "--enable-ipv6=false",
      `--service-cluster-ip-range=${serviceCidr}`,
      `--health-port=${ports.kubeRouterHealth}`,
      "--metrics-port=0",
      "--iptables-sync-period=1m",
    ],
    paths.logs,
  );
  servers.push(router);
  await waitForProcess(
    router,
    "kube-router's NetworkPolicy chains",
    async () =>
      (await fetch(`http://127.0.0.1:${ports.kubeRouterHealth}/healthz`)).ok &&
      spawnSync("iptables", ["-S", "KUBE-ROUTER-FORWARD"]).status === 0,
    60_000,
  );
}

export async function startLocalPathProvisioner(tools: NodeTools, servers: ServerProcess[]): Promise<void> {
  applyManifest("local-path.yaml", { LOCAL_PATH: paths.localPath, HELPER_IMAGE: helperImage });
  const provisioner = startProcess(
    "local-path-provisioner",
    tools.localPathProvisioner,
    [
      "start",
      // It creates helper pods and PersistentVolumes cluster-wide: the admin identity.
      `--kubeconfig=${paths.adminKubeconfig}`,
      "--namespace=local-path-storage",
      "--configmap-name=local-path-config",
      "--provisioner-name=rancher.io/local-path",
      `--helper-image=${helperImage}`,
      "--service-account-name=local-path-provisioner-service-account",
    ],
    paths.logs,
  );
  servers.push(provisioner);
  // It has no health endpoint: alive after it read its ConfigMap is what can be checked.
  await new Promise((done) => setTimeout(done, 2_000));
  await waitForProcess(provisioner, "the local-path provisioner", async () => true, 1_000);
}
