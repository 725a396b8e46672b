#!/bin/bash
# Builds the offline images once (pause, busybox, redis) and pushes them to the local registry
# under the names pods use (docker.io/library/... and registry.k8s.io/pause resolve to it through
# containerd's hosts.toml mirrors). Registry storage ($REGISTRY_DATA) persists across runs.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
I=$IMAGES
REG=127.0.0.1:$REG_PORT
has() { crane digest --insecure $1 >/dev/null 2>&1; }

# pause: static Go binary that waits for SIGTERM/SIGINT and reaps zombies
# registry.k8s.io/pause:3.10 (containerd's sandbox_image) maps to repository "pause" on the mirror,
# docker.io/library/pause to "library/pause": push both.
if ! has $REG/pause:3.10; then
  mkdir -p $I/pause/rootfs
  (cd $P/pause && CGO_ENABLED=0 go build -trimpath -ldflags='-s -w' -o $I/pause/rootfs/pause .)
  tar --owner=0 --group=0 --numeric-owner -C $I/pause/rootfs -cf $I/pause/layer.tar pause
  crane append --insecure -f $I/pause/layer.tar -t $REG/library/pause:build
  crane mutate --insecure $REG/library/pause:build --entrypoint /pause --set-platform linux/amd64 -t $REG/library/pause:3.10
  crane copy --insecure $REG/library/pause:3.10 $REG/pause:3.10
fi

# busybox: Debian's busybox-static with its applet links
if ! has $REG/library/busybox:1.35-test; then
  rm -rf $I/busybox && mkdir -p $I/busybox/rootfs/bin $I/busybox/rootfs/tmp $I/busybox/rootfs/etc
  cp /bin/busybox $I/busybox/rootfs/bin/busybox
  for a in $(/bin/busybox --list); do [ $a = busybox ] || ln -s busybox $I/busybox/rootfs/bin/$a; done
  echo 'root:x:0:0:root:/root:/bin/sh' > $I/busybox/rootfs/etc/passwd
  tar --owner=0 --group=0 --numeric-owner -C $I/busybox/rootfs -cf $I/busybox/layer.tar .
  crane append --insecure -f $I/busybox/layer.tar -t $REG/library/busybox:build
  crane mutate --insecure $REG/library/busybox:build --cmd /bin/sh --env PATH=/bin --set-platform linux/amd64 -t $REG/library/busybox:1.35-test
fi

# redis: mmdebstrap'd bookworm root filesystem with redis-server (and busybox for debugging)
if ! has $REG/library/redis:7-test; then
  [ -f $I/redis/rootfs.tar ] || (mkdir -p $I/redis && cd $I/redis && mmdebstrap --variant=apt --include=redis-server,busybox bookworm rootfs.tar \
    "deb http://deb.debian.org/debian bookworm main" "deb http://deb.debian.org/debian-security bookworm-security main")
  crane append --insecure -f $I/redis/rootfs.tar -t $REG/library/redis:build
  crane mutate --insecure $REG/library/redis:build --set-platform linux/amd64 \
    --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    --entrypoint redis-server --cmd=--protected-mode,no,--save,,--appendonly,no --exposed-ports 6379/tcp \
    -t $REG/library/redis:7-test
fi

# coredns: the binary built by `go install github.com/coredns/coredns@v1.15.0` (CGO_ENABLED=0, static)
if ! has $REG/coredns/coredns:v1.15.0-test; then
  rm -rf $I/coredns && mkdir -p $I/coredns/rootfs/etc
  cp $TOOLS/coredns $I/coredns/rootfs/coredns
  tar --owner=0 --group=0 --numeric-owner -C $I/coredns/rootfs -cf $I/coredns/layer.tar .
  crane append --insecure -f $I/coredns/layer.tar -t $REG/coredns/coredns:build
  crane mutate --insecure $REG/coredns/coredns:build --entrypoint /coredns --set-platform linux/amd64 -t $REG/coredns/coredns:v1.15.0-test
fi
crane catalog --insecure $REG
