// The admin kubeconfig of a test control plane: helm, kube-controller-manager and the tests' client all use it.
import { writeFileSync } from "node:fs";
import { stringify } from "yaml";
import type { ControlPlaneCertificates } from "./certificates.ts";

export function writeAdminKubeconfig(path: string, server: string, certs: ControlPlaneCertificates): void {
  const kubeconfig = {
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: "cryptoflow-test", cluster: { server, "certificate-authority": certs.caCert } }],
    users: [
      { name: "cryptoflow-test-admin", user: { "client-certificate": certs.adminCert, "client-key": certs.adminKey } },
    ],
    contexts: [{ name: "cryptoflow-test", context: { cluster: "cryptoflow-test", user: "cryptoflow-test-admin" } }],
    "current-context": "cryptoflow-test",
  };
  writeFileSync(path, stringify(kubeconfig), { mode: 0o600 });
}
