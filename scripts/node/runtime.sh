#!/bin/bash
# Step 3: local Distribution registry (docker.io / registry.k8s.io mirror) + containerd 1.6.20 (CRI).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
C=$R/containerd
mkdir -p $NODEFS/containerd-root $C/state $C/opt $C/certs.d/docker.io $C/certs.d/registry.k8s.io $R/cni/net.d $R/cni/cache

if ! curl -sf http://127.0.0.1:$REG_PORT/v2/ >/dev/null; then
  sed "s|@REGISTRY_DATA@|$REGISTRY_DATA|" $P/registry.yml > $R/registry.yml
  start registry $REGISTRY_BIN serve $R/registry.yml   # storage: $REGISTRY_DATA (kept across runs)
  waitfor 30 "registry" curl -sf http://127.0.0.1:$REG_PORT/v2/
fi

for reg in docker.io registry.k8s.io; do
  upstream=https://registry-1.docker.io; [ $reg = registry.k8s.io ] && upstream=https://registry.k8s.io
  cat > $C/certs.d/$reg/hosts.toml <<EOF
server = "$upstream"
[host."http://127.0.0.1:$REG_PORT"]
  capabilities = ["pull", "resolve"]
EOF
done

cat > $C/config.toml <<EOF
version = 2
root = "$NODEFS/containerd-root"
state = "$C/state"
disabled_plugins = ["io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.zfs",
  "io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.devmapper"]
[grpc]
  address = "$CTRD_SOCK"
[plugins."io.containerd.internal.v1.opt"]
  path = "$C/opt"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "registry.k8s.io/pause:3.10"
  # writing a negative oom_score_adj fails here (EIO): without this every sandbox fails
  restrict_oom_score_adj = true
  enable_selinux = false
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
        Root = "$C/runc"
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$R/cni/net.d"
  [plugins."io.containerd.grpc.v1.cri".registry]
    config_path = "$C/certs.d"
EOF

start containerd containerd --config $C/config.toml
waitfor 30 "containerd" ctr --address $CTRD_SOCK version
