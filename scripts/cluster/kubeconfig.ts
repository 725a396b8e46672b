// Kubeconfigs of a test cluster: the admin's (helm, the tests' client) and, on the real node, one
// per component, each with its own client certificate.
import { writeFileSync } from "node:fs";
import { stringify } from "yaml";
import type { ControlPlaneCertificates } from "./certificates.ts";

export function writeKubeconfig(
  path: string,
  server: string,
  caCert: string,
  user: { name: string; cert: string; key: string },
): void {
  const kubeconfig = {
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: "cryptoflow-test", cluster: { server, "certificate-authority": caCert } }],
    users: [{ name: user.name, user: { "client-certificate": user.cert, "client-key": user.key } }],
    contexts: [{ name: "cryptoflow-test", context: { cluster: "cryptoflow-test", user: user.name } }],
    "current-context": "cryptoflow-test",
  };
  writeFileSync(path, stringify(kubeconfig), { mode: 0o600 });
}

export function writeAdminKubeconfig(path: string, server: string, certs: ControlPlaneCertificates): void {
  writeKubeconfig(path, server, certs.caCert, {
    name: "cryptoflow-test-admin",
    cert: certs.adminCert,
    key: certs.adminKey,
  });
}
