#!/bin/bash
# Certificates and kubeconfigs for one run (mirrors scripts/cluster/certificates.ts: openssl, EC P-256).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
D=$R/pki; mkdir -p $D; cd $D
key() { openssl ecparam -name prime256v1 -genkey -noout -out $1.key; }
# signed NAME SUBJECT EXTENSIONS
signed() {
  key $1
  openssl req -new -key $1.key -subj "$2" -out $1.csr
  printf '%b' "$3" > $1.ext
  openssl x509 -req -in $1.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 -sha256 -extfile $1.ext -out $1.crt 2>/dev/null
}
key ca
openssl req -x509 -new -key ca.key -subj /CN=node-proto-ca -days 2 -out ca.crt \
  -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign
CLIENT='basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n'
signed serving /CN=kube-apiserver "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1,IP:$NODE_IP,IP:$KUBE_SVC_IP,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local\n"
signed admin "/O=system:masters/CN=node-proto-admin" "$CLIENT"
signed controller-manager /CN=system:kube-controller-manager "$CLIENT"
signed scheduler /CN=system:kube-scheduler "$CLIENT"
signed kube-proxy /CN=system:kube-proxy "$CLIENT"
signed kubelet "/O=system:nodes/CN=system:node:$NODE_NAME" "$CLIENT"
# the API server's client certificate towards kubelets (logs/exec): bound to system:kubelet-api-admin below
signed apiserver-kubelet-client "/CN=kube-apiserver-kubelet-client" "$CLIENT"
signed kubelet-serving "/CN=$NODE_NAME" "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=IP:$NODE_IP,IP:127.0.0.1,DNS:$NODE_NAME,DNS:localhost\n"
key service-account
openssl ec -in service-account.key -pubout -out service-account.pub 2>/dev/null
kubeconfig() { # NAME CERT SERVER
  cat > $1.kubeconfig <<EOF
apiVersion: v1
kind: Config
clusters: [{name: proto, cluster: {server: "$3", certificate-authority: $D/ca.crt}}]
users: [{name: $2, user: {client-certificate: $D/$2.crt, client-key: $D/$2.key}}]
contexts: [{name: proto, context: {cluster: proto, user: $2}}]
current-context: proto
EOF
  chmod 600 $1.kubeconfig
}
kubeconfig admin admin https://127.0.0.1:$API_PORT
kubeconfig controller-manager controller-manager https://127.0.0.1:$API_PORT
kubeconfig scheduler scheduler https://127.0.0.1:$API_PORT
kubeconfig kube-proxy kube-proxy https://127.0.0.1:$API_PORT
kubeconfig kubelet kubelet https://127.0.0.1:$API_PORT
echo "pki ready in $D"
