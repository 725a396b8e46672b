// kube-proxy in iptables mode, as a host process: ClusterIPs and NodePorts (30000 from the host).
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { kubeBinary } from "../cluster/binaries.ts";
import { type ServerProcess, startProcess, waitForProcess } from "../cluster/processes.ts";
import type { NodePki } from "./pki.ts";
import { kubernetesServiceIp, nodeIp, nodeName, paths, podCidr, ports } from "./settings.ts";

function kubeProxyConfig(pki: NodePki): string {
  return stringify({
    apiVersion: "kubeproxy.config.k8s.io/v1alpha1",
    kind: "KubeProxyConfiguration",
    clientConnection: { kubeconfig: pki.kubeconfigs["kube-proxy"] },
    mode: "iptables",
    hostnameOverride: nodeName,
    clusterCIDR: podCidr,
    bindAddress: nodeIp,
    // NodePorts answer on the node address only, not on the machine's own interfaces.
    nodePortAddresses: [`${nodeIp}/32`],
    healthzBindAddress: `127.0.0.1:${ports.kubeProxyHealthz}`,
    metricsBindAddress: `127.0.0.1:${ports.kubeProxyMetrics}`,
    // NodePorts on 127.0.0.1 would need net.ipv4.conf.all.route_localnet=1 on the host: the node address serves them.
    iptables: { localhostNodePorts: false, minSyncPeriod: "1s", syncPeriod: "30s" },
    // Leave the host's conntrack sysctls alone.
    conntrack: { maxPerCore: 0, min: 0, tcpEstablishedTimeout: "0s", tcpCloseWaitTimeout: "0s" },
  });
}

export async function startKubeProxy(pki: NodePki, servers: ServerProcess[]): Promise<void> {
  mkdirSync(paths.kubeProxy, { recursive: true });
  const config = join(paths.kubeProxy, "config.yaml");
  writeFileSync(config, kubeProxyConfig(pki));
  const proxy = startProcess("kube-proxy", kubeBinary("kube-proxy"), [`--config=${config}`, "--v=1"], paths.logs);
  servers.push(proxy);
  await waitForProcess(
    proxy,
    "kube-proxy to program the kubernetes Service",
    async () => {
      const rules = spawnSync("iptables", ["-t", "nat", "-S", "KUBE-SERVICES"], { encoding: "utf8" });
      return rules.status === 0 && rules.stdout.includes(`${kubernetesServiceIp}/32`);
    },
    60_000,
  );
}
