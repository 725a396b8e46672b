#!/bin/bash
# Step 2: etcd + kube-apiserver + kube-controller-manager + kube-scheduler.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
D=$R/pki
mkdir -p $R/etcd && chmod 700 $R/etcd

# node IP: a /32 on lo (this kernel has no dummy interfaces). Stable whatever eth0 is, and pods
# can reach it (127.0.0.1 they cannot), so the `kubernetes` Service gets a usable endpoint.
ip -4 addr show dev lo | grep -q " $NODE_IP/" || ip addr add $NODE_IP/32 dev lo

start etcd etcd --name=default --data-dir=$R/etcd \
  --listen-client-urls=http://127.0.0.1:$ETCD_PORT --advertise-client-urls=http://127.0.0.1:$ETCD_PORT \
  --listen-peer-urls=http://127.0.0.1:$ETCD_PEER --initial-advertise-peer-urls=http://127.0.0.1:$ETCD_PEER \
  --initial-cluster=default=http://127.0.0.1:$ETCD_PEER --listen-metrics-urls=

start kube-apiserver $KBIN/kube-apiserver \
  --etcd-servers=http://127.0.0.1:$ETCD_PORT \
  --bind-address=0.0.0.0 --advertise-address=$NODE_IP --secure-port=$API_PORT \
  --cert-dir=$R/apiserver-certs --tls-cert-file=$D/serving.crt --tls-private-key-file=$D/serving.key \
  --client-ca-file=$D/ca.crt \
  --service-cluster-ip-range=$SERVICE_CIDR --service-node-port-range=30000-32767 \
  --authorization-mode=Node,RBAC --enable-admission-plugins=NodeRestriction \
  --allow-privileged=true \
  --service-account-issuer=https://kubernetes.default.svc.cluster.local \
  --service-account-key-file=$D/service-account.pub --service-account-signing-key-file=$D/service-account.key \
  --kubelet-client-certificate=$D/apiserver-kubelet-client.crt --kubelet-client-key=$D/apiserver-kubelet-client.key \
  --kubelet-certificate-authority=$D/ca.crt --kubelet-preferred-address-types=InternalIP \
  --profiling=false

waitfor 120 "kube-apiserver /readyz" kubectl get --raw /readyz

start kube-controller-manager $KBIN/kube-controller-manager \
  --kubeconfig=$D/controller-manager.kubeconfig \
  --authentication-kubeconfig=$D/controller-manager.kubeconfig --authorization-kubeconfig=$D/controller-manager.kubeconfig \
  --bind-address=127.0.0.1 --secure-port=10257 --cert-dir=$R/controller-manager-certs \
  --leader-elect=false --use-service-account-credentials=true \
  --root-ca-file=$D/ca.crt --service-account-private-key-file=$D/service-account.key \
  --cluster-signing-cert-file=$D/ca.crt --cluster-signing-key-file=$D/ca.key \
  --controllers='*' \
  --allocate-node-cidrs=true --cluster-cidr=$POD_CIDR --node-cidr-mask-size=24 \
  --service-cluster-ip-range=$SERVICE_CIDR \
  --profiling=false

start kube-scheduler $BIN/kube-scheduler \
  --kubeconfig=$D/scheduler.kubeconfig \
  --authentication-kubeconfig=$D/scheduler.kubeconfig --authorization-kubeconfig=$D/scheduler.kubeconfig \
  --bind-address=127.0.0.1 --secure-port=10259 --leader-elect=false --profiling=false

waitfor 120 "default ServiceAccount (token controller runs)" kubectl -n default get serviceaccount default
# the API server's kubelet client (logs, exec, port-forward)
kubectl create clusterrolebinding apiserver-kubelet-client --clusterrole=system:kubelet-api-admin \
  --user=kube-apiserver-kubelet-client --dry-run=client -o yaml | kubectl apply -f -
waitfor 60 "scheduler healthy" curl -skf https://127.0.0.1:10259/healthz
