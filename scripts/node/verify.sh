#!/bin/bash
# Checks steps 4-7 on a running cluster: ephemeral-storage, image via docker.io mirror, Service + DNS,
# NetworkPolicy deny/allow, PVC. Exit code 0 = all passed.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
fail=0; ok() { log "PASS: $*"; }; bad() { log "FAIL: $*"; fail=1; }
cap=$(kubectl get node $NODE_NAME -o jsonpath='{.status.allocatable.ephemeral-storage}')
[ -n "$cap" ] && ok "node allocatable ephemeral-storage=$cap" || bad "no ephemeral-storage"
kubectl apply -f $P/test-pods.yaml >/dev/null
kubectl wait --for=condition=Ready pod -l app=redis --timeout=120s >/dev/null && ok "redis (docker.io/library/redis:7-test) Ready" || bad "redis not Ready"
kubectl wait --for=condition=Ready pod/client --timeout=60s >/dev/null || bad "client not Ready"
ex() { kubectl exec client -- sh -c "$1" 2>&1 | tr -d '\r'; }
ex 'nslookup kubernetes.default.svc.cluster.local' | grep -q 'Address: 10.96.0.1$' && ok "DNS kubernetes.default" || bad "DNS kubernetes.default"
ip=$(kubectl get svc redis -o jsonpath='{.spec.clusterIP}')
# kube-proxy programs the endpoint a moment after the pod turns Ready
waitfor 30 "iptables endpoint for redis" bash -c "iptables -t nat -S | grep -q 'default/redis.*-j DNAT'"
ex 'nslookup redis.default.svc.cluster.local' | grep -q "Address: $ip" && ok "DNS redis -> $ip" || bad "DNS redis"
[ "$(ex "echo PING | nc -w 3 $ip 6379")" = "+PONG" ] && ok "ClusterIP $ip:6379 PONG" || bad "ClusterIP"
[ "$(ex 'echo PING | nc -w 3 redis 6379')" = "+PONG" ] && ok "redis:6379 by DNS name PONG" || bad "by name"
if [ -f $R/pid/kube-router ]; then
  kubectl apply -f $P/netpol-test.yaml >/dev/null; sleep 3
  [ "$(ex 'echo PING | nc -w 3 redis 6379')" != "+PONG" ] && ok "default-deny blocks" || bad "default-deny did not block"
  kubectl apply -f $P/netpol-allow.yaml >/dev/null; sleep 3
  [ "$(ex 'echo PING | nc -w 3 redis 6379')" = "+PONG" ] && ok "allow rule permits" || bad "allow rule"
  kubectl delete -f $P/netpol-test.yaml -f $P/netpol-allow.yaml >/dev/null
fi
if [ -f $R/pid/local-path-provisioner ]; then
  cat <<'Y' | kubectl apply -f - >/dev/null
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data, namespace: default}
spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 100Mi}}}
---
apiVersion: v1
kind: Pod
metadata: {name: pvc-user, namespace: default}
spec:
  containers:
  - {name: c, image: busybox:1.35-test, command: [sh, -c, "echo hello > /data/f; sleep 3600"],
     volumeMounts: [{name: d, mountPath: /data}], resources: {requests: {ephemeral-storage: 16Mi}}}
  volumes: [{name: d, persistentVolumeClaim: {claimName: data}}]
Y
  kubectl wait --for=condition=Ready pod/pvc-user --timeout=120s >/dev/null && ok "PVC bound + mounted ($(kubectl get pvc data -o jsonpath='{.spec.volumeName}'))" || bad "PVC"
fi
# Job controller runs (the chart's hook Jobs need it) and kubectl logs reaches the kubelet
kubectl create job hello --image=busybox:1.35-test -- sh -c 'echo job-ran' >/dev/null
kubectl wait --for=condition=Complete job/hello --timeout=60s >/dev/null && [ "$(kubectl logs job/hello)" = job-ran ] \
  && ok "Job completed, logs via kubelet" || bad "Job/logs"
kubectl delete job hello --wait=false >/dev/null
exit $fail
