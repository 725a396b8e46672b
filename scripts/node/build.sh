#!/bin/bash
# One-time builds (all offline except the Go module proxy and Debian apt): see REPORT.md for timings.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends containerd runc \
  containernetworking-plugins busybox-static mmdebstrap iptables ipset conntrack etcd-server
# kubelet, kube-scheduler, kube-proxy (+ kubectl) v1.36.3 from the wrapper module in build/
(cd $P/build && CGO_ENABLED=0 go build -trimpath "-ldflags=$(cat ldflags.txt)" -o $BIN/ \
   k8s.io/kubernetes/cmd/kubelet k8s.io/kubernetes/cmd/kube-scheduler k8s.io/kubernetes/cmd/kube-proxy k8s.io/kubernetes/cmd/kubectl)
# kube-router v2.1.0 with raised dependencies (build-kube-router/go.mod)
(cd $P/build-kube-router && CGO_ENABLED=0 go build -trimpath \
   -ldflags='-s -w -X github.com/cloudnativelabs/kube-router/v2/pkg/version.Version=v2.1.0' \
   -o $BIN/kube-router github.com/cloudnativelabs/kube-router/v2/cmd/kube-router)
export GOBIN=$TOOLS CGO_ENABLED=0
go install github.com/google/go-containerregistry/cmd/crane@v0.22.1
go install github.com/coredns/coredns@v1.15.0
go install github.com/rancher/local-path-provisioner@v0.0.30
go install sigs.k8s.io/cri-tools/cmd/crictl@v1.34.0
