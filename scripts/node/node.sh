#!/bin/bash
# Step 4: CNI conflist + kubelet registering $NODE_NAME with the API server.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
D=$R/pki
K=$R/kubelet
KUBELET_ROOT=$NODEFS/kubelet
mkdir -p $K $KUBELET_ROOT $R/pod-logs $R/cni/ipam

sysctl -qw net.ipv4.ip_forward=1     # restored by down.sh from baseline/sysctl.txt

cat > $R/cni/net.d/10-proto.conflist <<EOF
{
  "cniVersion": "1.0.0",
  "name": "proto-pods",
  "plugins": [
    {
      "type": "bridge", "bridge": "cni0", "isGateway": true, "ipMasq": true, "hairpinMode": true,
      "ipam": {
        "type": "host-local", "dataDir": "$R/cni/ipam",
        "ranges": [[{"subnet": "$POD_CIDR"}]], "routes": [{"dst": "0.0.0.0/0"}]
      }
    },
    {"type": "portmap", "capabilities": {"portMappings": true}}
  ]
}
EOF

cat > $K/config.yaml <<EOF
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
failCgroupV1: false              # cgroups are v1 here; 1.36 refuses v1 without this
cgroupDriver: cgroupfs           # no systemd; containerd's runc runs SystemdCgroup=false
containerRuntimeEndpoint: unix://$CTRD_SOCK
address: 0.0.0.0
port: 10250
healthzBindAddress: 127.0.0.1
healthzPort: 10248
readOnlyPort: 0
authentication:
  anonymous: {enabled: false}
  webhook: {enabled: true}
  x509: {clientCAFile: $D/ca.crt}
authorization: {mode: Webhook}
tlsCertFile: $D/kubelet-serving.crt
tlsPrivateKeyFile: $D/kubelet-serving.key
rotateCertificates: false
clusterDNS: [$DNS_IP]
clusterDomain: cluster.local
resolvConf: /etc/resolv.conf
failSwapOn: false
podLogsDir: $R/pod-logs
serializeImagePulls: false
maxPods: 110
localStorageCapacityIsolation: ${LOCAL_STORAGE_ISOLATION:-true}
evictionHard: {memory.available: "100Mi", nodefs.available: "2%", imagefs.available: "2%", nodefs.inodesFree: "2%"}
imageGCHighThresholdPercent: 99
imageGCLowThresholdPercent: 98
protectKernelDefaults: false     # kubelet sets vm.overcommit_memory, kernel.panic(_on_oops): down.sh restores them
EOF

start kubelet $BIN/kubelet --config=$K/config.yaml --kubeconfig=$D/kubelet.kubeconfig \
  --root-dir=$KUBELET_ROOT --cert-dir=$K/pki --node-ip=$NODE_IP --hostname-override=$NODE_NAME --v=2
waitfor 120 "node $NODE_NAME registered" kubectl get node $NODE_NAME
waitfor 120 "node $NODE_NAME Ready" kubectl wait --for=condition=Ready node/$NODE_NAME --timeout=5s
