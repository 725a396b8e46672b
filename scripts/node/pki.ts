// The real node's certificates and kubeconfigs: the test control plane's CA, serving certificate
// and admin, plus one client identity per component, named as Kubernetes' RBAC bootstrap roles
// expect (system:kube-controller-manager, system:node:<name> …), and the kubelet's serving pair.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import {
  type ControlPlaneCertificates,
  writeCertificates,
  writeClientCertificate,
  writeServingCertificate,
} from "../cluster/certificates.ts";
import { writeKubeconfig } from "../cluster/kubeconfig.ts";
import { kubernetesServiceIp, nodeIp, nodeName, paths, ports } from "./settings.ts";

export type NodeIdentity = "admin" | "controller-manager" | "scheduler" | "kube-proxy" | "kubelet" | "kube-router";

export interface NodePki extends ControlPlaneCertificates {
  kubeconfigs: Record<NodeIdentity, string>;
  /** The API server's client certificate towards the kubelet (logs, exec). */
  apiserverKubeletClient: { cert: string; key: string };
  kubeletServing: { cert: string; key: string };
}

const subjects: Record<Exclude<NodeIdentity, "admin">, string> = {
  "controller-manager": "/CN=system:kube-controller-manager",
  scheduler: "/CN=system:kube-scheduler",
  "kube-proxy": "/CN=system:kube-proxy",
  kubelet: `/O=system:nodes/CN=system:node:${nodeName}`,
  // Bound to its ClusterRole when the node starts (see addons.ts).
  "kube-router": "/CN=system:kube-router",
};

/** The node address is on `lo`: nothing outside this machine routes to it. */
export const apiserverUrl = `https://${nodeIp}:${ports.apiserver}`;

export function writeNodePki(): NodePki {
  const dir = paths.pki;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const certs = writeCertificates(dir, kubernetesServiceIp, [nodeIp]);
  const kubeconfigs = { admin: paths.adminKubeconfig } as Record<NodeIdentity, string>;
  writeKubeconfig(paths.adminKubeconfig, apiserverUrl, certs.caCert, {
    name: "admin",
    cert: certs.adminCert,
    key: certs.adminKey,
  });
  for (const [identity, subject] of Object.entries(subjects) as [Exclude<NodeIdentity, "admin">, string][]) {
    const client = writeClientCertificate(dir, identity, subject);
    kubeconfigs[identity] = join(dir, `${identity}.kubeconfig`);
    writeKubeconfig(kubeconfigs[identity], apiserverUrl, certs.caCert, { name: identity, ...client });
  }
  return {
    ...certs,
    kubeconfigs,
    apiserverKubeletClient: writeClientCertificate(
      dir,
      "apiserver-kubelet-client",
      "/CN=kube-apiserver-kubelet-client",
    ),
    kubeletServing: writeServingCertificate(dir, "kubelet-serving", nodeName, {
      ips: [nodeIp, "127.0.0.1"],
      dnsNames: [nodeName, "localhost"],
    }),
  };
}
