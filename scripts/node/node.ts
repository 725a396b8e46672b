// A real single-node Kubernetes cluster on this machine, started and stopped by the e2e tests:
// etcd, kube-apiserver, kube-controller-manager, kube-scheduler, containerd + runc, the kubelet,
// kube-proxy, CoreDNS, kube-router's NetworkPolicy controller and the local-path provisioner,
// pulling images from the project's registry on 127.0.0.1. Everything it changes on the host is
// undone by `stop()`, by the exit handler when the run dies, or by the next start.
// `npx tsx scripts/node/node.ts up` keeps one running until Ctrl-C; `… down` removes leftovers.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { kubeBinary } from "../cluster/binaries.ts";
import { onAbnormalExit, type ServerProcess, stopProcess } from "../cluster/processes.ts";
import { applyNodeRbac, deployCoreDns, startKubeRouter, startLocalPathProvisioner } from "./addons.ts";
import { startNodeControlPlane } from "./control-plane.ts";
import { startImageRegistry } from "./image-registry.ts";
import { startKubeProxy } from "./kube-proxy.ts";
import { startKubelet } from "./kubelet.ts";
import { pushNodeImages } from "./node-images.ts";
import { ensureNodeTools, type NodeTools } from "./node-tools.ts";
import { type NodePki, writeNodePki } from "./pki.ts";
import { preflight } from "./preflight.ts";
import { startContainerd } from "./runtime.ts";
import { nodeIp, nodeName, paths, registryAddress, runDir } from "./settings.ts";
import { saveBaseline, teardownHost } from "./teardown.ts";

export interface RealNode {
  kubeconfig: string;
  /** The node's address: NodePorts answer on it from the host. */
  address: string;
  /** The API server's audit log (Pod Security's audit mode writes there). */
  auditLog: string;
  /** One line per step with the seconds it took, printed when the node is up. */
  readiness: string[];
  stop(): Promise<void>;
}

/** Every pod through CRI while containerd still runs: it runs CNI DEL (veths, addresses, host ports) and unmounts. */
function removePods(tools: NodeTools): void {
  if (!existsSync(paths.containerdSocket)) return;
  spawnSync(tools.crictl, ["--runtime-endpoint", `unix://${paths.containerdSocket}`, "rmp", "--force", "--all"], {
    timeout: 60_000,
  });
}

export async function startNode(): Promise<RealNode> {
  preflight();
  if (existsSync(runDir)) {
    console.log(`node: removing what an earlier run left in ${runDir}`);
    teardownHost();
  }
  const tools = await ensureNodeTools();
  const teardown = () => teardownHost({ kubeProxy: kubeBinary("kube-proxy"), kubeRouter: tools.kubeRouter });
  saveBaseline();
  mkdirSync(paths.logs, { recursive: true });
  const unregister = onAbnormalExit(teardown);
  const servers: ServerProcess[] = [];
  const readiness: string[] = [];
  const started = Date.now();
  let stepStarted = started;
  const step = async (name: string, body: () => unknown): Promise<void> => {
    await body();
    const now = Date.now();
    readiness.push(`${name}: ${((now - stepStarted) / 1000).toFixed(1)}s`);
    stepStarted = now;
  };
  const stop = async (): Promise<void> => {
    const byName = (name: string) => servers.find((server) => server.name === name);
    for (const name of ["local-path-provisioner", "kubelet"]) {
      const server = byName(name);
      if (server) await stopProcess(server, 20_000);
    }
    removePods(tools);
    for (const server of [...servers].reverse()) await stopProcess(server, 15_000);
    teardown();
    unregister();
  };
  try {
    spawnSync("ip", ["addr", "add", `${nodeIp}/32`, "dev", "lo"]);
    let pki = undefined as unknown as NodePki;
    await step("certificates", () => {
      pki = writeNodePki();
    });
    await step("registry", async () => {
      servers.push(await startImageRegistry(registryAddress, paths.logs));
    });
    await step("node images (pause, CoreDNS)", () => pushNodeImages(tools));
    await step("containerd", () => startContainerd(servers));
    await step("control plane", () => startNodeControlPlane(pki, servers));
    await step("node identities (RBAC)", applyNodeRbac);
    await step(`kubelet (node ${nodeName} Ready)`, () => startKubelet(pki, servers));
    await step("kube-proxy", () => startKubeProxy(pki, servers));
    await step("CoreDNS", deployCoreDns);
    await step("kube-router (NetworkPolicy)", () => startKubeRouter(pki, tools, servers));
    await step("local-path provisioner", () => startLocalPathProvisioner(tools, servers));
    readiness.push(`node up in ${((Date.now() - started) / 1000).toFixed(1)}s`);
    return { kubeconfig: paths.adminKubeconfig, address: nodeIp, auditLog: paths.auditLog, readiness, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const command = process.argv[2];
  if (command === "down") {
    teardownHost();
    console.log("node: removed");
  } else if (command === "up") {
    const node = await startNode();
    console.log(node.readiness.join("\n"));
    console.log(`export KUBECONFIG=${node.kubeconfig}  (Ctrl-C stops the node)`);
    // Ctrl-C: processes.ts kills the servers and runs the teardown registered by startNode.
    setInterval(() => {}, 60_000);
  } else {
    console.error("usage: npx tsx scripts/node/node.ts up|down");
    process.exit(2);
  }
}
