// Per-run certificates for the test control plane, made with the openssl CLI (node:crypto makes
// keys but not X.509 certificates). EC P-256 keys: fast to generate, accepted everywhere.
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";

export interface ControlPlaneCertificates {
  caCert: string;
  servingCert: string;
  servingKey: string;
  adminCert: string;
  adminKey: string;
  /** Signs and verifies service-account tokens. */
  serviceAccountKey: string;
  serviceAccountPublicKey: string;
}

function openssl(args: string[], cwd: string): void {
  const out = spawnSync("openssl", args, { cwd, encoding: "utf8" });
  if (out.error) throw new Error("openssl is needed to make the test control plane's certificates: install it");
  if (out.status !== 0) throw new Error(`openssl ${args.join(" ")} failed:\n${out.stderr}`);
}

function newKey(dir: string, name: string): string {
  openssl(["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", `${name}.key`], dir);
  return join(dir, `${name}.key`);
}

/** Signs a certificate for `subject` with the CA; `extensions` is an openssl extension section body. */
function signed(dir: string, name: string, subject: string, extensions: string): void {
  newKey(dir, name);
  openssl(["req", "-new", "-key", `${name}.key`, "-subj", subject, "-out", `${name}.csr`], dir);
  writeFileSync(join(dir, `${name}.ext`), extensions);
  openssl(
    ["x509", "-req", "-in", `${name}.csr`, "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial"].concat([
      "-days",
      "2",
      "-sha256",
      "-extfile",
      `${name}.ext`,
      "-out",
      `${name}.crt`,
    ]),
    dir,
  );
}

/** Writes a fresh CA, the API server's serving certificate, an admin client certificate and the service-account key pair. */
export function writeCertificates(dir: string, serviceIp: string): ControlPlaneCertificates {
  newKey(dir, "ca");
  openssl(
    [
      "req",
      "-x509",
      "-new",
      "-key",
      "ca.key",
      "-subj",
      "/CN=cryptoflow-test-ca",
      "-days",
      "2",
      "-out",
      "ca.crt",
    ].concat(["-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"]),
    dir,
  );
  const names = ["kubernetes", "kubernetes.default", "kubernetes.default.svc", "kubernetes.default.svc.cluster.local"];
  signed(
    dir,
    "serving",
    "/CN=kube-apiserver",
    [
      "basicConstraints=CA:FALSE",
      "keyUsage=critical,digitalSignature,keyEncipherment",
      "extendedKeyUsage=serverAuth",
      `subjectAltName=IP:127.0.0.1,IP:${serviceIp},DNS:localhost,${names.map((n) => `DNS:${n}`).join(",")}`,
      "",
    ].join("\n"),
  );
  // O=system:masters: the admin is bound to cluster-admin by the API server's bootstrap RBAC.
  signed(
    dir,
    "admin",
    "/O=system:masters/CN=cryptoflow-test-admin",
    ["basicConstraints=CA:FALSE", "keyUsage=critical,digitalSignature", "extendedKeyUsage=clientAuth", ""].join("\n"),
  );
  newKey(dir, "service-account");
  openssl(["ec", "-in", "service-account.key", "-pubout", "-out", "service-account.pub"], dir);
  return {
    caCert: join(dir, "ca.crt"),
    servingCert: join(dir, "serving.crt"),
    servingKey: join(dir, "serving.key"),
    adminCert: join(dir, "admin.crt"),
    adminKey: join(dir, "admin.key"),
    serviceAccountKey: join(dir, "service-account.key"),
    serviceAccountPublicKey: join(dir, "service-account.pub"),
  };
}
