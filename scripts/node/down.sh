#!/bin/bash
# Teardown: stops everything up.sh started and removes what it left on the host.
# Safe to run twice. KEEP_REGISTRY=1 leaves the registry process running; registry-data is always kept.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

stop() { # NAME [SECONDS]: SIGTERM the recorded pid, SIGKILL after SECONDS
  local f=$R/pid/$1 pid
  [ -f $f ] || return 0
  pid=$(cat $f)
  if kill -0 $pid 2>/dev/null; then
    kill -TERM $pid
    for _ in $(seq ${2:-15}); do kill -0 $pid 2>/dev/null || break; sleep 1; done
    kill -0 $pid 2>/dev/null && { log "SIGKILL $1"; kill -KILL $pid; }
  fi
  rm -f $f; log "stopped $1"
}

# 1. node agents first, so nothing recreates pods
stop local-path-provisioner
stop kubelet 20
# 2. every pod sandbox through CRI: containerd runs CNI DEL (veths, host-local IPs, CNI-* masquerade
#    and portmap chains) and unmounts rootfs/shm
if [ -S $CTRD_SOCK ]; then
  timeout 60 crictl stopp $(timeout 10 crictl pods -q) >/dev/null 2>&1
  timeout 60 crictl rmp -fa >/dev/null 2>&1
fi
stop containerd 20
# runc v2 shims outlive containerd: kill the ones whose -address is our socket (by pid)
for pid in $(pgrep -f "containerd-shim-runc-v2 .*-address $CTRD_SOCK" || true); do
  log "killing leftover shim $pid"; kill -KILL $pid 2>/dev/null
done
for c in $(ls $R/containerd/runc/k8s.io 2>/dev/null); do runc --root $R/containerd/runc/k8s.io delete -f $c 2>/dev/null; done

# 3. network controllers: their own cleanup modes remove their chains, ipsets and nft tables
stop kube-router
[ -x $BIN/kube-router ] && timeout 60 $BIN/kube-router --cleanup-config >/dev/null 2>&1
stop kube-proxy
timeout 60 $BIN/kube-proxy --cleanup >/dev/null 2>&1

# 4. control plane
stop kube-scheduler; stop kube-controller-manager; stop kube-apiserver; stop etcd
[ "${KEEP_REGISTRY:-}" = 1 ] || stop registry

# 5. mounts under the run dir, newest first (projected-token tmpfs, shm, overlay rootfs, the kubelet
#    root's self bind mount, the loop/tmpfs node filesystem)
for _ in 1 2 3; do
  for m in $(findmnt -rn -o TARGET | grep "^$R/" | tac); do umount $m 2>/dev/null || umount -l $m; done
done
for l in $(losetup -j $R/nodefs.img 2>/dev/null | cut -d: -f1); do losetup -d $l; done

# 6. network namespaces made by containerd's CRI (cni-<uuid>), unless they were there before
for ns in $(ip netns list | awk '{print $1}' | grep '^cni-'); do
  grep -qx "$ns" $BASELINE/netns.txt 2>/dev/null || ip netns delete $ns
done
# 7. cni0 bridge and any veth still attached to it
for v in $(ip -o link show master cni0 2>/dev/null | awk -F': ' '{print $2}' | cut -d@ -f1); do ip link delete $v; done
ip link show cni0 >/dev/null 2>&1 && ip link delete cni0
ip addr del $NODE_IP/32 dev lo 2>/dev/null

# 8. iptables (nft backend and legacy, v4 and v6): drop every KUBE-*/CNI-* chain and rule that jumps to one
for save in iptables-save ip6tables-save iptables-legacy-save ip6tables-legacy-save; do
  restore=${save/-save/-restore}
  if $save 2>/dev/null | grep -E 'KUBE-|CNI-' >/dev/null; then  # not grep -q: with pipefail its early exit SIGPIPEs $save
    $save | grep -vE 'KUBE-|CNI-' | $restore && log "removed KUBE-/CNI- chains via $restore"
  fi
done
for s in $(ipset list -n 2>/dev/null | grep -E '^(KUBE-|kube-router)'); do ipset destroy $s 2>/dev/null; done
for t in $(nft list tables 2>/dev/null | awk '$3 ~ /^kube-proxy$/ {print $2" "$3}' | tr ' ' ':'); do nft delete table ${t/:/ }; done
conntrack -D -s ${POD_CIDR} >/dev/null 2>&1; conntrack -D -d ${POD_CIDR} >/dev/null 2>&1

# 9. kubelet cgroups: kubepods (and pod*/container children) in every v1 hierarchy, leaves first
for h in /sys/fs/cgroup/*/; do
  [ -d ${h}kubepods ] && find ${h}kubepods -depth -type d -exec rmdir {} \; 2>/dev/null
  [ -d ${h}kubepods ] && log "WARNING: ${h}kubepods still there"
done

# 10. files outside the run dir
rm -f /var/lib/cni/results/proto-pods-* /var/lib/cni/results/cni-loopback-*
rmdir /var/lib/cni/results /var/lib/cni 2>/dev/null
find /var/log/containers -maxdepth 1 -lname "$R/*" -delete 2>/dev/null
rmdir /var/log/containers 2>/dev/null
rm -rf /var/lib/kubelet/device-plugins; rmdir /var/lib/kubelet 2>/dev/null
rmdir /run/containerd/s /run/containerd 2>/dev/null
rmdir /run/netns 2>/dev/null

# 11. sysctls the kubelet and this script changed
if [ -f $BASELINE/sysctl.txt ]; then
  while read -r key _ value; do sysctl -qw "$key=$value" 2>/dev/null; done < $BASELINE/sysctl.txt
fi
rm -rf $R
log "teardown done"
