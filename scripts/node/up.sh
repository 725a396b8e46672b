#!/bin/bash
# Bring-up of the single-node cluster (steps 2-7). Prerequisites: build.sh done (binaries, images).
# Usage: ./up.sh [--no-netpol] [--no-storage]; then `source lib.sh` for KUBECONFIG/PATH.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
t0=$(date +%s)
[ -e $R ] && { echo "$R exists: run down.sh first"; exit 1; }
mkdir -p $R $NODEFS
# What down.sh restores: the sysctls the kubelet and node.sh change, and the host's own netns.
if [ ! -d $BASELINE ]; then
  mkdir -p $BASELINE
  sysctl net.ipv4.ip_forward vm.overcommit_memory kernel.panic kernel.panic_on_oops > $BASELINE/sysctl.txt
  ls /run/netns 2>/dev/null > $BASELINE/netns.txt || true
fi
case $NODE_FS in
  loop)  truncate -s $NODE_FS_SIZE $R/nodefs.img && mkfs.ext4 -q -F $R/nodefs.img && mount -o loop $R/nodefs.img $NODEFS ;;
  tmpfs) mount -t tmpfs -o size=$NODE_FS_SIZE nodefs $NODEFS ;;
esac
$P/pki.sh
$P/control-plane.sh
$P/runtime.sh
$P/images.sh >/dev/null 2>&1 || $P/images.sh   # pushes pause/busybox/redis/coredns if the registry lacks them
$P/node.sh
log "node Ready $(( $(date +%s) - t0 ))s after start"
$P/proxy.sh
kubectl apply -f $P/coredns.yaml >/dev/null
kubectl -n kube-system rollout status deploy/coredns --timeout=120s
[[ " $* " == *" --no-netpol "* ]] || $P/netpol.sh
[[ " $* " == *" --no-storage "* ]] || $P/storage.sh
log "cluster up in $(( $(date +%s) - t0 ))s; export KUBECONFIG=$KUBECONFIG"
