// What the node needs from the machine, checked before anything starts, so a node that cannot
// start says so once, with what to do, instead of failing halfway with processes and mounts up.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { kubeBinary } from "../cluster/binaries.ts";
import { missingPackages } from "../debian-packages.ts";
import { registryBinary } from "../oci/registry-tool.ts";
import { ports } from "./settings.ts";

/** The process listening on a TCP port, as `ss` names it, or undefined when the port is free. */
function listenerOn(port: number): string | undefined {
  const out = spawnSync("ss", ["-ltnpH", `sport = :${port}`], { encoding: "utf8" });
  const line = out.stdout?.trim();
  if (!line) return undefined;
  return (
    line
      .match(/users:\(\("([^"]+)",pid=(\d+)/)
      ?.slice(1)
      .join(" pid ") ?? line
  );
}

/** One line per port in use, naming the process that holds it. */
export function portProblems(wanted: Record<string, number>): string[] {
  const problems: string[] = [];
  for (const [name, port] of Object.entries(wanted)) {
    const holder = listenerOn(port);
    if (holder) {
      problems.push(
        `port ${port} (${name}) is taken by ${holder}: stop it, or a node left running (npm run node -- down)`,
      );
    }
  }
  return problems;
}

function kernelProblems(): string[] {
  const problems: string[] = [];
  const filesystems = readFileSync("/proc/filesystems", "utf8");
  if (!/\soverlay$/m.test(filesystems))
    problems.push("the kernel has no overlayfs (containerd's snapshotter): `modprobe overlay`");
  if (spawnSync("ip", ["netns", "list"]).status !== 0)
    problems.push("network namespaces are not available (`ip netns` fails)");
  if (!existsSync("/proc/sys/net/bridge") && spawnSync("modprobe", ["br_netfilter"]).status !== 0) {
    problems.push(
      "bridge netfilter is missing: Services would not reach pods on the same bridge (`modprobe br_netfilter`)",
    );
  }
  return problems;
}

function toolProblems(): string[] {
  const problems: string[] = [];
  for (const pkg of missingPackages())
    problems.push(`${pkg.provides} is missing (Debian package ${pkg.name}): run \`npm run setup\` as root`);
  for (const check of [
    () => kubeBinary("kubelet"),
    () => kubeBinary("kube-proxy"),
    () => kubeBinary("kube-scheduler"),
    () => kubeBinary("kubectl"),
    registryBinary,
  ]) {
    try {
      check();
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  return problems;
}

/** Throws one message listing everything that stops the node from starting, each with its fix. */
export function preflight(): void {
  const problems: string[] = [];
  if (process.getuid?.() !== 0)
    problems.push("the real node runs as root (kubelet, containerd, iptables): run the e2e tests as root");
  problems.push(...portProblems(ports), ...kernelProblems(), ...toolProblems());
  if (problems.length > 0) {
    throw new Error(`the real node cannot start on this machine:\n  - ${problems.join("\n  - ")}`);
  }
}
