// Pod Security Admission on the node is real: in a namespace labelled enforce, warn and audit =
// restricted (the labels the chart's install tests use), a privileged workload is warned about
// when applied, recorded in the audit log, and its pods are refused. The install tests then
// show the chart's own objects draw none of the three.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { waitFor } from "../../scripts/cluster/wait.ts";
import { podSecurityAuditViolations } from "./audit-log.ts";
import { kubectl } from "./kubectl.ts";
import { createRestrictedNamespace } from "./release.ts";

const namespace = `e2e-pss-${randomBytes(2).toString("hex")}`;

const privilegedDeployment = JSON.stringify({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "planted-privileged", namespace },
  spec: {
    selector: { matchLabels: { app: "planted" } },
    template: {
      metadata: { labels: { app: "planted" } },
      spec: {
        containers: [
          { name: "shell", image: "busybox:1.37.0", command: ["sleep", "3600"], securityContext: { privileged: true } },
        ],
      },
    },
  },
});

describe("Pod Security on the node", () => {
  let applied: { exitCode: number; stderr: string };

  beforeAll(async () => {
    await createRestrictedNamespace(namespace);
    applied = await kubectl(["apply", "-f", "-"], { input: privilegedDeployment });
  });

  afterAll(async () => {
    await kubectl(["delete", "namespace", namespace, "--wait=false"]);
  });

  it("warns when a privileged workload is applied, and still stores the Deployment", () => {
    expect(applied.exitCode, applied.stderr).toBe(0);
    expect(applied.stderr).toMatch(
      /Warning: would violate PodSecurity "restricted:latest": privileged \(container "shell" must not set securityContext.privileged=true\)/,
    );
  });

  // The audit log is a file of the tests' own node; a user's cluster keeps it elsewhere (AUDIT_LOG).
  it.skipIf(!inject("auditLog"))("records the violation in the API server's audit log", () => {
    expect(podSecurityAuditViolations(namespace)).toContainEqual(
      expect.stringMatching(/^deployments\/planted-privileged: .*privileged \(container "shell"/),
    );
  });

  it("refuses the pods themselves: the ReplicaSet cannot create one", async () => {
    await waitFor(
      "a FailedCreate event naming the Pod Security violation",
      async () => {
        const events = await kubectl(["-n", namespace, "get", "events", "--field-selector=reason=FailedCreate"]);
        return /violates PodSecurity "restricted:latest": privileged/.test(events.stdout);
      },
      30_000,
      1000,
    );
    const pods = await kubectl(["-n", namespace, "get", "pods", "-o", "name"]);
    expect(pods.stdout.trim()).toBe("");
  });
});
