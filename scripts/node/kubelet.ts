// The node agent: the CNI configuration (a cni0 bridge with host-local addresses, masquerade,
// hairpin and host ports) and the kubelet, registered as `cryptoflow-node`.
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { kubeBinary } from "../cluster/binaries.ts";
import { adminGet } from "../cluster/control-plane.ts";
import { type ServerProcess, startProcess, waitForProcess } from "../cluster/processes.ts";
import { apiserverUrl, type NodePki } from "./pki.ts";
import { clusterDomain, dnsServiceIp, nodeIp, nodeName, paths, podCidr, ports } from "./settings.ts";

export const cniNetworkName = "cryptoflow-pods";

function writeCniConfig(): void {
  mkdirSync(paths.cniConfig, { recursive: true });
  mkdirSync(paths.cniState, { recursive: true });
  const conflist = {
    cniVersion: "1.0.0",
    name: cniNetworkName,
    plugins: [
      {
        type: "bridge",
        bridge: "cni0",
        isGateway: true,
        ipMasq: true,
        // A pod reaching itself through its own Service (hairpin) must work.
        hairpinMode: true,
        ipam: {
          type: "host-local",
          dataDir: paths.cniState,
          ranges: [[{ subnet: podCidr }]],
          routes: [{ dst: "0.0.0.0/0" }],
        },
      },
      { type: "portmap", capabilities: { portMappings: true } },
    ],
  };
  writeFileSync(join(paths.cniConfig, "10-cryptoflow.conflist"), JSON.stringify(conflist, null, 2));
}

function kubeletConfig(pki: NodePki): string {
  return stringify({
    apiVersion: "kubelet.config.k8s.io/v1beta1",
    kind: "KubeletConfiguration",
    // This machine has cgroups v1, which Kubernetes 1.36 refuses unless told; no systemd.
    failCgroupV1: false,
    cgroupDriver: "cgroupfs",
    containerRuntimeEndpoint: `unix://${paths.containerdSocket}`,
    address: nodeIp,
    port: ports.kubelet,
    healthzBindAddress: "127.0.0.1",
    healthzPort: ports.kubeletHealthz,
    readOnlyPort: 0,
    authentication: { anonymous: { enabled: false }, webhook: { enabled: true }, x509: { clientCAFile: pki.caCert } },
    authorization: { mode: "Webhook" },
    tlsCertFile: pki.kubeletServing.cert,
    tlsPrivateKeyFile: pki.kubeletServing.key,
    rotateCertificates: false,
    clusterDNS: [dnsServiceIp],
    clusterDomain,
    resolvConf: "/etc/resolv.conf",
    failSwapOn: false,
    podLogsDir: paths.podLogs,
    serializeImagePulls: false,
    maxPods: 110,
    evictionHard: {
      "memory.available": "100Mi",
      "nodefs.available": "2%",
      "imagefs.available": "2%",
      "nodefs.inodesFree": "2%",
    },
    imageGCHighThresholdPercent: 99,
    imageGCLowThresholdPercent: 98,
    // The kubelet then sets vm.overcommit_memory and kernel.panic(_on_oops); the teardown restores them.
    protectKernelDefaults: false,
  });
}

async function nodeIsReady(pki: NodePki): Promise<boolean> {
  const { status, body } = await adminGet(apiserverUrl, pki, `/api/v1/nodes/${nodeName}`);
  if (status !== 200) return false;
  const node = JSON.parse(body) as { status?: { conditions?: { type: string; status: string }[] } };
  return (node.status?.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True");
}

export async function startKubelet(pki: NodePki, servers: ServerProcess[]): Promise<void> {
  // Pods route through the node: forwarding on, restored by the teardown.
  spawnSync("sysctl", ["-qw", "net.ipv4.ip_forward=1"]);
  writeCniConfig();
  mkdirSync(paths.kubelet, { recursive: true });
  mkdirSync(paths.kubeletRoot, { recursive: true });
  mkdirSync(paths.podLogs, { recursive: true });
  const config = join(paths.kubelet, "config.yaml");
  writeFileSync(config, kubeletConfig(pki));
  const kubelet = startProcess(
    "kubelet",
    kubeBinary("kubelet"),
    [
      `--config=${config}`,
      `--kubeconfig=${pki.kubeconfigs.kubelet}`,
      `--root-dir=${paths.kubeletRoot}`,
      `--cert-dir=${join(paths.kubelet, "pki")}`,
      `--node-ip=${nodeIp}`,
      `--hostname-override=${nodeName}`,
      "--v=1",
    ],
    paths.logs,
  );
  servers.push(kubelet);
  await waitForProcess(kubelet, `node ${nodeName} Ready`, () => nodeIsReady(pki), 120_000);
}
