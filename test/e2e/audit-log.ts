// The node API server's audit log (scripts/node/manifests/audit-policy.yaml): one JSON event per
// write to a pod or a workload. Pod Security's `audit` mode adds its verdict to those events.
import { readFileSync } from "node:fs";
import { inject } from "vitest";

interface AuditEvent {
  verb: string;
  objectRef?: { resource?: string; namespace?: string; name?: string };
  annotations?: Record<string, string>;
}

/** `resource/name: violation` for every audited write in `namespace` that Pod Security flagged. */
export function podSecurityAuditViolations(namespace: string): string[] {
  const log = inject("auditLog");
  if (!log)
    throw new Error("no audit log to read: the tests' own node writes one; with USE_EXISTING_CLUSTER set AUDIT_LOG");
  return readFileSync(log, "utf8")
    .split("\n")
    .filter((line) => line.includes(namespace))
    .map((line) => JSON.parse(line) as AuditEvent)
    .filter((event) => event.objectRef?.namespace === namespace)
    .flatMap((event) => {
      const violation = event.annotations?.["pod-security.kubernetes.io/audit-violations"];
      return violation ? [`${event.objectRef?.resource}/${event.objectRef?.name}: ${violation}`] : [];
    });
}
