// The node's container runtime: containerd with runc, configured to pull every `docker.io/…`
// and `registry.k8s.io/…` image from the project's registry on 127.0.0.1 (image-registry.ts),
// so pods name images exactly as the chart does and nothing is fetched from outside.
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type ServerProcess, startProcess, waitForProcess } from "../cluster/processes.ts";
import { onPath } from "../debian-packages.ts";
import { cniBinDir, mirroredRegistries, paths, pauseImage, registryAddress, runDir } from "./settings.ts";

/** containerd 1.6 (Debian) configuration: CRI with runc on cgroupfs, CNI from Debian's plugins. */
function containerdConfig(): string {
  const dir = paths.containerd;
  return `version = 2
root = "${join(runDir, "containerd-root")}"
state = "${join(dir, "state")}"
disabled_plugins = ["io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.zfs",
  "io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.devmapper"]
[grpc]
  address = "${paths.containerdSocket}"
[plugins."io.containerd.internal.v1.opt"]
  path = "${join(dir, "opt")}"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "${pauseImage}"
  # Writing a negative oom_score_adj fails on this kind of host (EIO): without this no sandbox starts.
  restrict_oom_score_adj = true
  enable_selinux = false
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        # cgroups v1 without systemd: the kubelet uses the cgroupfs driver too.
        SystemdCgroup = false
        Root = "${join(dir, "runc")}"
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "${cniBinDir}"
    conf_dir = "${paths.cniConfig}"
  [plugins."io.containerd.grpc.v1.cri".registry]
    config_path = "${join(dir, "certs.d")}"
`;
}

/** hosts.toml per mirrored registry: pull and resolve from the local registry over plain HTTP. */
function writeMirrors(): void {
  for (const [registry, upstream] of Object.entries(mirroredRegistries)) {
    const dir = join(paths.containerd, "certs.d", registry);
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, "hosts.toml"),
      `server = "${upstream}"\n[host."http://${registryAddress}"]\n  capabilities = ["pull", "resolve"]\n`,
    );
  }
}

export async function startContainerd(servers: ServerProcess[]): Promise<void> {
  const containerdBinary = onPath("containerd");
  if (!containerdBinary) throw new Error("containerd is not installed: run `npm run setup` as root");
  mkdirSync(paths.containerd, { recursive: true });
  writeMirrors();
  const config = join(paths.containerd, "config.toml");
  writeFileSync(config, containerdConfig());
  const containerd = startProcess("containerd", containerdBinary, ["--config", config], paths.logs);
  servers.push(containerd);
  await waitForProcess(
    containerd,
    "containerd",
    async () => spawnSync("ctr", ["--address", paths.containerdSocket, "version"]).status === 0,
    30_000,
  );
}
