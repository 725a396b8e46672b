#!/bin/bash
# Step 7b: rancher local-path-provisioner v0.0.30 as a host process (helper pods do the mkdir/rm).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
mkdir -p $R/local-path
sed "s|@RUN@|$R|" $P/storage.yaml | kubectl apply -f - >/dev/null
start local-path-provisioner $TOOLS/local-path-provisioner start --kubeconfig=$R/pki/admin.kubeconfig \
  --namespace=local-path-storage --configmap-name=local-path-config \
  --provisioner-name=rancher.io/local-path --helper-image=docker.io/library/busybox:1.35-test \
  --service-account-name=local-path-provisioner-service-account
sleep 2; kill -0 $(cat $R/pid/local-path-provisioner)
