// The real node's control plane: etcd, kube-apiserver (Node and RBAC authorization, the
// NodeRestriction admission, the kubelet client), kube-controller-manager with every controller
// (the Job controller runs hook Jobs, the node-IPAM controller gives the node its pod range) and
// kube-scheduler. The API server listens on the node address (a /32 on `lo`), so pods reach it
// through the `kubernetes` Service.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { clusterBinaries, kubeBinary } from "../cluster/binaries.ts";
import { adminGet, etcdArgs } from "../cluster/control-plane.ts";
import { type ServerProcess, startProcess, waitForProcess } from "../cluster/processes.ts";
import { apiserverUrl, type NodePki } from "./pki.ts";
import { nodeIp, paths, podCidr, ports, runDir, serviceCidr } from "./settings.ts";

/** Logs writes to pods and workloads at Metadata level, where Pod Security's audit annotations appear. */
const auditPolicyFile = fileURLToPath(new URL("./manifests/audit-policy.yaml", import.meta.url));

function apiserverArgs(pki: NodePki): string[] {
  return [
    `--etcd-servers=http://127.0.0.1:${ports.etcd}`,
    `--bind-address=${nodeIp}`,
    `--advertise-address=${nodeIp}`,
    `--secure-port=${ports.apiserver}`,
    `--cert-dir=${join(runDir, "apiserver-certs")}`,
    `--tls-cert-file=${pki.servingCert}`,
    `--tls-private-key-file=${pki.servingKey}`,
    `--client-ca-file=${pki.caCert}`,
    `--service-cluster-ip-range=${serviceCidr}`,
    "--service-node-port-range=30000-32767",
    "--authorization-mode=Node,RBAC",
    "--enable-admission-plugins=NodeRestriction",
    "--allow-privileged=true",
    "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
    `--service-account-key-file=${pki.serviceAccountPublicKey}`,
    `--service-account-signing-key-file=${pki.serviceAccountKey}`,
    `--kubelet-client-certificate=${pki.apiserverKubeletClient.cert}`,
    `--kubelet-client-key=${pki.apiserverKubeletClient.key}`,
    `--kubelet-certificate-authority=${pki.caCert}`,
    "--kubelet-preferred-address-types=InternalIP",
    "--profiling=false",
    `--audit-policy-file=${auditPolicyFile}`,
    `--audit-log-path=${paths.auditLog}`,
  ];
}

function controllerManagerArgs(pki: NodePki): string[] {
  const kubeconfig = pki.kubeconfigs["controller-manager"];
  return [
    `--kubeconfig=${kubeconfig}`,
    `--authentication-kubeconfig=${kubeconfig}`,
    `--authorization-kubeconfig=${kubeconfig}`,
    "--bind-address=127.0.0.1",
    `--secure-port=${ports.controllerManager}`,
    `--cert-dir=${join(runDir, "controller-manager-certs")}`,
    "--leader-elect=false",
    // Each controller acts as its own service account, as in kubeadm clusters.
    "--use-service-account-credentials=true",
    `--root-ca-file=${pki.caCert}`,
    `--service-account-private-key-file=${pki.serviceAccountKey}`,
    `--cluster-signing-cert-file=${pki.caCert}`,
    `--cluster-signing-key-file=${pki.caKey}`,
    "--controllers=*",
    "--allocate-node-cidrs=true",
    `--cluster-cidr=${podCidr}`,
    "--node-cidr-mask-size=24",
    `--service-cluster-ip-range=${serviceCidr}`,
    "--profiling=false",
  ];
}

function schedulerArgs(pki: NodePki): string[] {
  const kubeconfig = pki.kubeconfigs.scheduler;
  return [
    `--kubeconfig=${kubeconfig}`,
    `--authentication-kubeconfig=${kubeconfig}`,
    `--authorization-kubeconfig=${kubeconfig}`,
    "--bind-address=127.0.0.1",
    `--secure-port=${ports.scheduler}`,
    "--leader-elect=false",
    "--profiling=false",
  ];
}

const startTimeoutMs = 120_000;

/** Starts the four control-plane processes; `servers` collects them as they start, for the teardown. */
export async function startNodeControlPlane(pki: NodePki, servers: ServerProcess[]): Promise<void> {
  const binaries = clusterBinaries();
  const get = (path: string) => adminGet(apiserverUrl, pki, path);
  mkdirSync(paths.etcd, { recursive: true, mode: 0o700 });
  mkdirSync(paths.logs, { recursive: true });
  servers.push(
    startProcess(
      "etcd",
      binaries.etcd,
      [...etcdArgs(paths.etcd, ports.etcd, ports.etcdPeer), "--listen-metrics-urls="],
      paths.logs,
    ),
  );
  const apiserver = startProcess("kube-apiserver", binaries.kubeApiserver, apiserverArgs(pki), paths.logs);
  servers.push(apiserver);
  await waitForProcess(
    apiserver,
    "kube-apiserver /readyz",
    async () => (await get("/readyz")).status === 200,
    startTimeoutMs,
  );
  const controllers = startProcess(
    "kube-controller-manager",
    binaries.kubeControllerManager,
    controllerManagerArgs(pki),
    paths.logs,
  );
  servers.push(controllers);
  const scheduler = startProcess("kube-scheduler", kubeBinary("kube-scheduler"), schedulerArgs(pki), paths.logs);
  servers.push(scheduler);
  // The service-account controller creating `default` in `default` shows the controllers run.
  await waitForProcess(
    controllers,
    "kube-controller-manager to create the default ServiceAccount",
    async () => (await get("/api/v1/namespaces/default/serviceaccounts/default")).status === 200,
    startTimeoutMs,
  );
}
