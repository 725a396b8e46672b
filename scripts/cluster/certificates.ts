// Per-run certificates for the test control plane, made with the openssl CLI (node:crypto makes
// keys but not X.509 certificates). EC P-256 keys: fast to generate, accepted everywhere.
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";

export interface ControlPlaneCertificates {
  caCert: string;
  /** Signs the kubelet's and other certificates the controller manager issues (real node only). */
  caKey: string;
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

const clientExtensions = [
  "basicConstraints=CA:FALSE",
  "keyUsage=critical,digitalSignature",
  "extendedKeyUsage=clientAuth",
  "",
].join("\n");

/** A client certificate signed by the CA in `dir`; `subject` carries the user (CN) and groups (O). */
export function writeClientCertificate(dir: string, name: string, subject: string): { cert: string; key: string } {
  signed(dir, name, subject, clientExtensions);
  return { cert: join(dir, `${name}.crt`), key: join(dir, `${name}.key`) };
}

/** A serving certificate signed by the CA in `dir`, valid for the given IP addresses and DNS names. */
export function writeServingCertificate(
  dir: string,
  name: string,
  commonName: string,
  addresses: { ips: string[]; dnsNames: string[] },
): { cert: string; key: string } {
  const alternativeNames = [...addresses.ips.map((ip) => `IP:${ip}`), ...addresses.dnsNames.map((n) => `DNS:${n}`)];
  signed(
    dir,
    name,
    `/CN=${commonName}`,
    [
      "basicConstraints=CA:FALSE",
      "keyUsage=critical,digitalSignature,keyEncipherment",
      "extendedKeyUsage=serverAuth",
      `subjectAltName=${alternativeNames.join(",")}`,
      "",
    ].join("\n"),
  );
  return { cert: join(dir, `${name}.crt`), key: join(dir, `${name}.key`) };
}

/**
 * Writes a fresh CA, the API server's serving certificate (for 127.0.0.1, the `kubernetes`
 * Service's address and `extraIps`), an admin client certificate and the service-account key pair.
 */
export function writeCertificates(dir: string, serviceIp: string, extraIps: string[] = []): ControlPlaneCertificates {
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
  writeServingCertificate(dir, "serving", "kube-apiserver", {
    ips: ["127.0.0.1", serviceIp, ...extraIps],
    dnsNames: ["localhost", ...names],
  });
  // O=system:masters: the admin is bound to cluster-admin by the API server's bootstrap RBAC.
  writeClientCertificate(dir, "admin", "/O=system:masters/CN=cryptoflow-test-admin");
  newKey(dir, "service-account");
  openssl(["ec", "-in", "service-account.key", "-pubout", "-out", "service-account.pub"], dir);
  return {
    caCert: join(dir, "ca.crt"),
    caKey: join(dir, "ca.key"),
    servingCert: join(dir, "serving.crt"),
    servingKey: join(dir, "serving.key"),
    adminCert: join(dir, "admin.crt"),
    adminKey: join(dir, "admin.key"),
    serviceAccountKey: join(dir, "service-account.key"),
    serviceAccountPublicKey: join(dir, "service-account.pub"),
  };
}
