// Rollouts follow every input, and only those: for generated changes to the values, a pod's
// checksum annotations change exactly when something it reads from the chart's ConfigMap or
// Secret changes. What a pod reads is resolved from the rendered objects (its env refs looked up
// in the ConfigMap and Secret), so this checks the chart's behaviour, not how it computes it.
// Passwords are given in the base values, so that the Secret renders the same twice.
import type { V1Deployment } from "@kubernetes/client-node";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import type { Rendered } from "../../scripts/chart/helm-template.ts";
import { helms, render, resolvedEnv, valuesFiles } from "../render.ts";
import { datastores, setPath } from "./values-arbitraries.ts";

const runs = Number(process.env.PROPERTY_RUNS ?? 125) / 5;
const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : undefined;
const files = valuesFiles("rollouts");
afterAll(files.remove);

/** The release as a user runs it with their own passwords: every Secret entry is deterministic. */
const base = {
  postgres: { auth: { password: "pg-pass" } },
  redis: { auth: { password: "redis-pass" } },
  rabbitmq: { auth: { password: "rabbit-pass" } },
};

type Change = [path: string, value: unknown];

/** Changes a user makes on `helm upgrade`: some change what pods read, some only how they run. */
const change: fc.Arbitrary<Change> = fc.oneof(
  fc.constantFrom<Change>(
    ["postgres.auth.password", "p%ss w@rd/+#"],
    ["redis.auth.password", "another"],
    ["rabbitmq.auth.password", "another"],
    ["postgres.auth.username", "trader"],
    ["postgres.auth.database", "orders"],
    ["rabbitmq.auth.username", "broker"],
    ["redis.service.ports.redis", 6380],
    ["rabbitmq.service.ports.amqp", 5673],
    ["rabbitmq.service.ports.management", 15673],
    ["marketData.service.ports.grpc", 50061],
    ["orderService.service.ports.grpc", 50062],
    ["chroma.service.ports.http", 8001],
    ["global.clusterDomain", "corp.local"],
    ["ai.openaiApiKey", "sk-new"],
    ["ai.azureSearchIndexName", "orders"],
    ["api.replicaCount", 3],
    ["worker.resources.limits.memory", "1Gi"],
    ["mcp.podLabels.team", "ai"],
    ["redis.persistence.enabled", true],
    ["marketData.autoscaling.enabled", true],
    ["networkPolicy.enabled", false],
    ["api.service.nodePorts.http", 30080],
    ["commonLabels.team", "platform"],
    ["commonAnnotations.note", "changed"],
    ["global.priorityClassName", "high"],
    ["worker.sidecars", [{ name: "shipper", image: "busybox:1.37.0" }]],
    ["global.extraEnvFrom", [{ configMapRef: { name: "proxy-settings" } }]],
  ),
  fc.constantFrom(...datastores.map(({ key }) => key)).map((name): Change => [`${name}.enabled`, false]),
);

function apply(values: Record<string, unknown>, changes: Change[]): Record<string, unknown> {
  let changed = values;
  for (const [path, value] of changes) {
    changed = setPath(changed, path, value);
    // Switching a datastore off needs its managed service's host, and its password if it takes one.
    const [datastore, key] = path.split(".");
    const store = datastores.find((candidate) => candidate.key === datastore);
    if (key === "enabled" && value === false && store) {
      changed = setPath(changed, store.external, {
        host: `${datastore}.managed.example.com`,
        ...(store.password ? { password: "managed-pass" } : {}),
      });
    }
  }
  return changed;
}

/** Per workload: what its containers read, and its checksum annotations. */
function observe(rendered: Rendered): Map<string, { reads: string; checksums: string }> {
  const found = new Map<string, { reads: string; checksums: string }>();
  for (const object of rendered.objects) {
    if (object.kind !== "Deployment" && object.kind !== "StatefulSet") continue;
    const template = (object as V1Deployment).spec?.template;
    // Only what comes from the ConfigMap and the Secret: a literal value is in the pod template itself.
    // A container that reads nothing from them (a user's sidecar) adds nothing.
    const reads = (template?.spec?.containers ?? [])
      .map((container) =>
        resolvedEnv(rendered, { ...container, env: (container.env ?? []).filter((variable) => variable.valueFrom) }),
      )
      .filter((read) => Object.keys(read).length > 0);
    const annotations = Object.entries(template?.metadata?.annotations ?? {}).filter(([key]) =>
      key.startsWith("checksum/"),
    );
    found.set(object.metadata?.name ?? "", { reads: JSON.stringify(reads), checksums: JSON.stringify(annotations) });
  }
  return found;
}

describe.each(helms)("rollouts with helm $version", (helm) => {
  it("change a pod's checksums exactly when what it reads from the ConfigMap or Secret changes", async () => {
    const before = observe(await render(helm, { values: [files.write(base)] }));
    expect(before.size).toBe(9);
    let rolled = 0;
    let kept = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(change, { minLength: 1, maxLength: 3, selector: ([path]) => path }),
        async (changes) => {
          const after = observe(await render(helm, { values: [files.write(apply(base, changes))] }));
          for (const [name, now] of after) {
            const then = before.get(name);
            if (!then) continue; // a workload the change created (none today) has nothing to compare
            const readsChanged = then.reads !== now.reads;
            expect(then.checksums !== now.checksums, `${name} after ${JSON.stringify(changes)}`).toBe(readsChanged);
            if (readsChanged) rolled++;
            else kept++;
          }
        },
      ),
      { numRuns: runs, seed },
    );
    // Both directions were exercised.
    expect(rolled).toBeGreaterThan(0);
    expect(kept).toBeGreaterThan(0);
  }, 600_000);
});
