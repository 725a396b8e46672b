#!/bin/bash
# Step 7a: kube-router v2.1.0, NetworkPolicy controller only (iptables + ipset), host process.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
start kube-router $BIN/kube-router --kubeconfig=$R/pki/admin.kubeconfig --hostname-override=$NODE_NAME \
  --run-firewall=true --run-router=false --run-service-proxy=false --run-loadbalancer=false \
  --enable-ipv4=true --enable-ipv6=false --service-cluster-ip-range=$SERVICE_CIDR \
  --health-port=20244 --metrics-port=0 --iptables-sync-period=1m
waitfor 60 "kube-router healthz" curl -sf http://127.0.0.1:20244/healthz
waitfor 60 "KUBE-ROUTER-FORWARD chain" iptables -S KUBE-ROUTER-FORWARD
