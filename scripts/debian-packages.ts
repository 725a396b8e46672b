// The Debian packages the tests use, in one list: which command (or file) shows each is there.
// `npm run setup` installs the missing ones when it runs as root on Debian (as `.ci/run` does);
// elsewhere it names them, with the command to install them.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { delimiter, join } from "node:path";

export interface DebianPackage {
  name: string;
  /** A command on PATH, or an absolute path, that the package provides. */
  provides: string;
  usedFor: string;
}

export const debianPackages: DebianPackage[] = [
  { name: "gnupg", provides: "gpg", usedFor: "signing charts (OCI tests)" },
  { name: "openssl", provides: "openssl", usedFor: "the test clusters' certificates" },
  { name: "etcd-server", provides: "etcd", usedFor: "the test clusters' datastore" },
  { name: "containerd", provides: "containerd", usedFor: "the real node's container runtime" },
  { name: "runc", provides: "runc", usedFor: "the real node's container runtime" },
  { name: "containernetworking-plugins", provides: "/usr/lib/cni/bridge", usedFor: "the real node's pod network" },
  { name: "iptables", provides: "iptables", usedFor: "kube-proxy and NetworkPolicy enforcement" },
  { name: "ipset", provides: "ipset", usedFor: "NetworkPolicy enforcement (kube-router)" },
  { name: "conntrack", provides: "conntrack", usedFor: "kube-proxy" },
  { name: "mmdebstrap", provides: "mmdebstrap", usedFor: "building the offline images" },
  { name: "shellcheck", provides: "shellcheck", usedFor: "actionlint's check of the workflows' run: scripts" },
];

export function onPath(name: string): string | undefined {
  if (name.startsWith("/")) return existsSync(name) ? name : undefined;
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    const candidate = join(dir, name);
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

export function missingPackages(packages: DebianPackage[] = debianPackages): DebianPackage[] {
  return packages.filter((pkg) => !onPath(pkg.provides));
}

function aptGet(args: string[]): void {
  const out = spawnSync("apt-get", args, {
    encoding: "utf8",
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (out.status !== 0) throw new Error(`apt-get ${args.join(" ")} failed:\n${(out.stderr ?? "").slice(-3000)}`);
}

/** Installs the missing packages with apt-get when running as root; otherwise throws the list to install. */
export function ensureDebianPackages(packages: DebianPackage[] = debianPackages): void {
  const missing = missingPackages(packages);
  if (missing.length === 0) return;
  const names = missing.map((pkg) => pkg.name);
  if (process.getuid?.() !== 0 || !onPath("apt-get")) {
    const lines = missing.map((pkg) => `  - ${pkg.name} (${pkg.provides}): ${pkg.usedFor}`);
    throw new Error(`missing Debian packages:\n${lines.join("\n")}\ninstall them: apt-get install ${names.join(" ")}`);
  }
  const started = Date.now();
  console.log(`installing Debian packages: ${names.join(" ")}`);
  aptGet(["update", "-qq"]);
  aptGet(["install", "-y", "-qq", "--no-install-recommends", ...names]);
  console.log(`installed ${names.length} Debian packages in ${Math.round((Date.now() - started) / 1000)}s`);
}
