// A throw-away Kubernetes control plane on 127.0.0.1, as envtest starts one, plus
// kube-controller-manager so Deployments get ReplicaSets and Pods. No kubelet and no scheduler:
// Pods are created and admitted but stay Pending, and no container ever runs.
// `npx tsx scripts/cluster/control-plane.ts` starts one and keeps it up until Ctrl-C (for debugging).
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { request } from "node:https";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { clusterBinaries } from "./binaries.ts";
import { type ControlPlaneCertificates, writeCertificates } from "./certificates.ts";
import { writeAdminKubeconfig } from "./kubeconfig.ts";
import {
  freePort,
  logTail,
  onAbnormalExit,
  type ServerProcess,
  startProcess,
  stopProcess,
  waitForProcess,
} from "./processes.ts";

export interface ControlPlane {
  /** Admin kubeconfig for helm and the Kubernetes client. */
  kubeconfig: string;
  server: string;
  /** Seconds from the first process start to a ready API server with running controllers. */
  startupSeconds: number;
  stop(): Promise<void>;
}

const serviceCidr = "10.0.0.0/24";
/** The first address of the service range: the `kubernetes` Service's ClusterIP. */
const kubernetesServiceIp = "10.0.0.1";
const startTimeoutMs = 120_000;

/** GET `path` on the API server as the admin; resolves with the status code and body. */
export function adminGet(
  server: string,
  certs: ControlPlaneCertificates,
  path: string,
): Promise<{ status: number; body: string }> {
  return new Promise((done, fail) => {
    const req = request(
      `${server}${path}`,
      {
        ca: readFileSync(certs.caCert),
        cert: readFileSync(certs.adminCert),
        key: readFileSync(certs.adminKey),
        timeout: 5_000,
      },
      (res) => {
        let body = "";
        res.on("data", (chunk: Buffer) => {
          body += chunk.toString();
        });
        res.on("end", () => done({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", fail);
    req.end();
  });
}

export function etcdArgs(dataDir: string, clientPort: number, peerPort: number): string[] {
  const client = `http://127.0.0.1:${clientPort}`;
  const peer = `http://127.0.0.1:${peerPort}`;
  return [
    "--name=default",
    `--data-dir=${dataDir}`,
    `--listen-client-urls=${client}`,
    `--advertise-client-urls=${client}`,
    `--listen-peer-urls=${peer}`,
    `--initial-advertise-peer-urls=${peer}`,
    `--initial-cluster=default=${peer}`,
  ];
}

function apiserverArgs(dir: string, certs: ControlPlaneCertificates, port: number, etcdPort: number): string[] {
  return [
    `--etcd-servers=http://127.0.0.1:${etcdPort}`,
    "--bind-address=127.0.0.1",
    "--advertise-address=127.0.0.1",
    `--secure-port=${port}`,
    `--cert-dir=${join(dir, "apiserver-certs")}`,
    `--tls-cert-file=${certs.servingCert}`,
    `--tls-private-key-file=${certs.servingKey}`,
    `--client-ca-file=${certs.caCert}`,
    `--service-cluster-ip-range=${serviceCidr}`,
    "--service-node-port-range=30000-32767",
    "--authorization-mode=RBAC",
    "--allow-privileged=true",
    "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
    `--service-account-key-file=${certs.serviceAccountPublicKey}`,
    `--service-account-signing-key-file=${certs.serviceAccountKey}`,
    // The `kubernetes` Service cannot list a loopback address as its endpoint.
    "--endpoint-reconciler-type=none",
    "--profiling=false",
  ];
}

function controllerManagerArgs(
  dir: string,
  certs: ControlPlaneCertificates,
  kubeconfig: string,
  port: number,
): string[] {
  return [
    `--kubeconfig=${kubeconfig}`,
    `--authentication-kubeconfig=${kubeconfig}`,
    `--authorization-kubeconfig=${kubeconfig}`,
    "--bind-address=127.0.0.1",
    `--secure-port=${port}`,
    `--cert-dir=${join(dir, "controller-manager-certs")}`,
    "--leader-elect=false",
    `--root-ca-file=${certs.caCert}`,
    `--service-account-private-key-file=${certs.serviceAccountKey}`,
    "--controllers=*",
    "--profiling=false",
  ];
}

/** Starts etcd, kube-apiserver and kube-controller-manager in a fresh temporary folder. */
export async function startControlPlane(): Promise<ControlPlane> {
  const binaries = clusterBinaries();
  const started = Date.now();
  const dir = mkdtempSync(join(tmpdir(), "cryptoflow-control-plane-"));
  const servers: ServerProcess[] = [];
  const removeDir = (): void => rmSync(dir, { recursive: true, force: true });
  const unregister = onAbnormalExit(removeDir);
  const stop = async (): Promise<void> => {
    for (const server of [...servers].reverse()) await stopProcess(server);
    removeDir();
    unregister();
  };
  try {
    const certs = writeCertificates(dir, kubernetesServiceIp);
    const [etcdPort, peerPort, apiPort, controllerPort] = [
      await freePort(),
      await freePort(),
      await freePort(),
      await freePort(),
    ];
    mkdirSync(join(dir, "etcd"), { mode: 0o700 });
    servers.push(startProcess("etcd", binaries.etcd, etcdArgs(join(dir, "etcd"), etcdPort, peerPort), dir));
    const server = `https://127.0.0.1:${apiPort}`;
    const apiserver = startProcess(
      "kube-apiserver",
      binaries.kubeApiserver,
      apiserverArgs(dir, certs, apiPort, etcdPort),
      dir,
    );
    servers.push(apiserver);
    await waitForProcess(
      apiserver,
      "kube-apiserver /readyz",
      async () => (await adminGet(server, certs, "/readyz")).status === 200,
      startTimeoutMs,
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n--- etcd log ---\n${logTail(servers[0] as ServerProcess)}`);
    });
    const kubeconfig = join(dir, "admin.kubeconfig");
    writeAdminKubeconfig(kubeconfig, server, certs);
    const controllers = startProcess(
      "kube-controller-manager",
      binaries.kubeControllerManager,
      controllerManagerArgs(dir, certs, kubeconfig, controllerPort),
      dir,
    );
    servers.push(controllers);
    // The service-account controller creating `default` in `default` shows the controllers run.
    await waitForProcess(
      controllers,
      "kube-controller-manager to create the default ServiceAccount",
      async () => (await adminGet(server, certs, "/api/v1/namespaces/default/serviceaccounts/default")).status === 200,
      startTimeoutMs,
    );
    const startupSeconds = (Date.now() - started) / 1000;
    return { kubeconfig, server, startupSeconds, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // Ctrl-C stops the servers and removes the folder (see processes.ts); until then, keep running.
  const plane = await startControlPlane();
  console.log(`control plane ready in ${plane.startupSeconds.toFixed(1)}s: export KUBECONFIG=${plane.kubeconfig}`);
  setInterval(() => {}, 60_000);
}
