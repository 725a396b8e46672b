# Shared settings of the real-node scripts (sourced by each).
P=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)   # these scripts
PROJECT_TOOLS=$(cd "$P/../.." && pwd)/.tools
STATE=${NODE_STATE:-/tmp/cryptoflow-node}         # builds, image cache and runs
R=$STATE/run                  # everything of one run lives here
BIN=$STATE/bin
TOOLS=$STATE/tools
IMAGES=$STATE/images
REGISTRY_DATA=$STATE/registry-data
BASELINE=$STATE/baseline      # the host's state before the first run, which down.sh restores
KBIN=$PROJECT_TOOLS/kubernetes-v1.36.3   # kube-apiserver, kube-controller-manager (npm run setup builds them)
REGISTRY_BIN=$PROJECT_TOOLS/registry-v3.1.2/registry
NODE_NAME=proto-node
NODE_IP=10.250.0.1            # node IP, added to lo (not 127/8: pods must reach the API server through 10.96.0.1)
SERVICE_CIDR=10.96.0.0/16
KUBE_SVC_IP=10.96.0.1
DNS_IP=10.96.0.10
POD_CIDR=10.244.0.0/24
API_PORT=6443
ETCD_PORT=23790
ETCD_PEER=23800
REG_PORT=5001
CTRD_SOCK=$R/containerd/containerd.sock
# Filesystem holding the kubelet root and containerd's root (what the node reports as ephemeral-storage):
# NODE_FS=host (default: a directory on /), loop (ext4 image, NODE_FS_SIZE), tmpfs (NODE_FS_SIZE of RAM)
NODE_FS=${NODE_FS:-host}
NODE_FS_SIZE=${NODE_FS_SIZE:-20G}
NODEFS=$R/nodefs
export KUBECONFIG=$R/pki/admin.kubeconfig
export PATH=$BIN:$TOOLS:$PATH
export CONTAINER_RUNTIME_ENDPOINT=unix://$CTRD_SOCK

log() { echo "[$(date +%T)] $*"; }

# start NAME CMD...: background process, log in $R/log/NAME.log, pid in $R/pid/NAME
start() {
  local name=$1; shift
  mkdir -p $R/log $R/pid
  setsid "$@" >$R/log/$name.log 2>&1 < /dev/null &
  echo $! > $R/pid/$name
  log "started $name (pid $!)"
}

# waitfor SECONDS DESCRIPTION CMD...
waitfor() {
  local secs=$1 what=$2; shift 2
  local t0=$(date +%s)
  until "$@" >/dev/null 2>&1; do
    if (( $(date +%s) - t0 > secs )); then log "TIMEOUT waiting for $what"; return 1; fi
    sleep 1
  done
  log "ok: $what ($(( $(date +%s) - t0 ))s)"
}

k() { timeout 60 kubectl "$@"; }
