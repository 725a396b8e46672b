#!/bin/bash
# Step 5a: kube-proxy in iptables mode (host process).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
D=$R/pki
mkdir -p $R/kube-proxy
cat > $R/kube-proxy/config.yaml <<EOF
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
clientConnection: {kubeconfig: $D/kube-proxy.kubeconfig}
mode: iptables
hostnameOverride: $NODE_NAME
clusterCIDR: $POD_CIDR
bindAddress: 0.0.0.0
healthzBindAddress: 127.0.0.1:10256
metricsBindAddress: 127.0.0.1:10249
iptables:
  localhostNodePorts: false      # else it sets net.ipv4.conf.all.route_localnet=1
  minSyncPeriod: 1s
  syncPeriod: 30s
conntrack:                       # leave the host's conntrack sysctls alone
  maxPerCore: 0
  min: 0
  tcpEstablishedTimeout: 0s
  tcpCloseWaitTimeout: 0s
EOF
start kube-proxy $BIN/kube-proxy --config=$R/kube-proxy/config.yaml --v=2
waitfor 60 "kube-proxy healthz" curl -sf http://127.0.0.1:10256/healthz
waitfor 60 "KUBE-SERVICES chain" bash -c "iptables -t nat -S KUBE-SERVICES | grep -q 10.96.0.1/32"
