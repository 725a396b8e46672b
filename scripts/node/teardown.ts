// Puts the host back as it was before the node started, whatever state the node is in: after a
// clean stop, after a failed start, at the exit of a crashed test run, or before a new start
// finds a previous run's leftovers. Synchronous, so it can run in a process "exit" handler.
// Every step tolerates what is already gone.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cniNetworkName } from "./kubelet.ts";
import { baselineDir, nodeIp, paths, podCidr, runDir } from "./settings.ts";

function sh(command: string, args: string[], input?: string): string {
  const out = spawnSync(command, args, { encoding: "utf8", input, timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });
  return out.status === 0 ? out.stdout : "";
}

const lines = (text: string): string[] => text.split("\n").filter(Boolean);

/** Every process of this node (or of a crashed earlier run): each one names the run folder in its arguments. */
function killNodeProcesses(): void {
  for (let pass = 0; pass < 3; pass++) {
    const pids = lines(sh("pgrep", ["-f", runDir]))
      .map(Number)
      .filter((pid) => pid !== process.pid);
    if (pids.length === 0) return;
    for (const pid of pids) spawnSync("kill", ["-KILL", String(pid)]);
    spawnSync("sleep", ["0.5"]);
  }
}

function deleteContainers(): void {
  const runcRoot = join(paths.containerd, "runc", "k8s.io");
  if (!existsSync(runcRoot)) return;
  for (const id of readdirSync(runcRoot)) spawnSync("runc", ["--root", runcRoot, "delete", "-f", id]);
}

/** Mounts under the run folder, newest first: token tmpfs, shm, overlay root filesystems, the kubelet root. */
function unmountAll(): void {
  for (let pass = 0; pass < 3; pass++) {
    const mounts = lines(sh("findmnt", ["-rn", "-o", "TARGET"])).filter((target) => target.startsWith(`${runDir}/`));
    if (mounts.length === 0) return;
    for (const target of mounts.reverse()) {
      if (spawnSync("umount", [target]).status !== 0) spawnSync("umount", ["-l", target]);
    }
  }
}

function baselineNetns(): Set<string> {
  const file = join(baselineDir, "netns.txt");
  return new Set(existsSync(file) ? lines(readFileSync(file, "utf8")) : []);
}

function removeNetwork(): void {
  const before = baselineNetns();
  for (const line of lines(sh("ip", ["netns", "list"]))) {
    const name = line.split(" ")[0] as string;
    if (name.startsWith("cni-") && !before.has(name)) spawnSync("ip", ["netns", "delete", name]);
  }
  for (const line of lines(sh("ip", ["-o", "link", "show", "master", "cni0"]))) {
    const veth = line.split(": ")[1]?.split("@")[0];
    if (veth) spawnSync("ip", ["link", "delete", veth]);
  }
  spawnSync("ip", ["link", "delete", "cni0"]);
  spawnSync("ip", ["addr", "del", `${nodeIp}/32`, "dev", "lo"]);
}

/** kube-proxy's, kube-router's and the CNI plugins' chains, on both iptables backends, and their ipsets. */
function removeFirewallRules(kubeProxy?: string, kubeRouter?: string): void {
  if (kubeRouter && existsSync(kubeRouter)) sh(kubeRouter, ["--cleanup-config"]);
  if (kubeProxy && existsSync(kubeProxy)) sh(kubeProxy, ["--cleanup"]);
  for (const save of ["iptables-save", "ip6tables-save", "iptables-legacy-save", "ip6tables-legacy-save"]) {
    const rules = sh(save, []);
    if (!/KUBE-|CNI-/.test(rules)) continue;
    const kept = lines(rules).filter((line) => !/KUBE-|CNI-/.test(line));
    sh(save.replace("-save", "-restore"), [], `${kept.join("\n")}\n`);
  }
  for (const set of lines(sh("ipset", ["list", "-n"]))) {
    if (/^(KUBE-|kube-router)/.test(set)) spawnSync("ipset", ["destroy", set]);
  }
  for (const table of lines(sh("nft", ["list", "tables"]))) {
    const [, family, name] = table.split(" ");
    if (name === "kube-proxy" && family) spawnSync("nft", ["delete", "table", family, name]);
  }
  spawnSync("conntrack", ["-D", "-s", podCidr]);
  spawnSync("conntrack", ["-D", "-d", podCidr]);
}

/** The kubelet's kubepods cgroups in every v1 hierarchy, leaves first (the host's mounts stay as they are). */
function removeCgroups(): void {
  if (!existsSync("/sys/fs/cgroup")) return;
  for (const hierarchy of readdirSync("/sys/fs/cgroup")) {
    const kubepods = join("/sys/fs/cgroup", hierarchy, "kubepods");
    if (!existsSync(kubepods)) continue;
    const dirs = lines(sh("find", [kubepods, "-depth", "-type", "d"]));
    for (const dir of dirs) {
      try {
        rmdirSync(dir);
      } catch {
        // A cgroup that still has a task stays; the next teardown tries again.
      }
    }
  }
}

/** Files the kubelet and the CNI plugins write outside the run folder. */
function removeHostFiles(): void {
  const results = "/var/lib/cni/results";
  if (existsSync(results)) {
    for (const file of readdirSync(results)) {
      if (file.startsWith(`${cniNetworkName}-`) || file.startsWith("cni-loopback-")) rmSync(join(results, file));
    }
  }
  sh("find", ["/var/log/containers", "-maxdepth", "1", "-lname", `${runDir}/*`, "-delete"]);
  rmSync("/var/lib/kubelet/device-plugins", { recursive: true, force: true });
  for (const dir of [
    "/var/lib/cni/results",
    "/var/lib/cni",
    "/var/log/containers",
    "/var/lib/kubelet",
    "/run/containerd/s",
    "/run/containerd",
    "/run/netns",
  ]) {
    try {
      rmdirSync(dir);
    } catch {
      // not empty (someone else's), or already gone
    }
  }
}

/** The sysctls the kubelet and the node change, as they were before the first run. */
function restoreSysctls(): void {
  const file = join(baselineDir, "sysctl.txt");
  if (!existsSync(file)) return;
  for (const line of lines(readFileSync(file, "utf8"))) {
    const [key, , value] = line.split(" ");
    if (key && value !== undefined) spawnSync("sysctl", ["-qw", `${key}=${value}`]);
  }
}

export interface TeardownTools {
  kubeProxy?: string;
  kubeRouter?: string;
}

export function teardownHost(tools: TeardownTools = {}): void {
  killNodeProcesses();
  deleteContainers();
  removeFirewallRules(tools.kubeProxy, tools.kubeRouter);
  unmountAll();
  removeNetwork();
  removeCgroups();
  removeHostFiles();
  restoreSysctls();
  rmSync(runDir, { recursive: true, force: true });
}

/** What a run changes on the host, saved once before the first run so the teardown can restore it. */
export function saveBaseline(): void {
  const sysctls = join(baselineDir, "sysctl.txt");
  if (existsSync(sysctls)) return;
  mkdirSync(baselineDir, { recursive: true });
  writeFileSync(join(baselineDir, "netns.txt"), sh("ip", ["netns", "list"]));
  const values = sh("sysctl", ["net.ipv4.ip_forward", "vm.overcommit_memory", "kernel.panic", "kernel.panic_on_oops"]);
  writeFileSync(sysctls, values);
}
