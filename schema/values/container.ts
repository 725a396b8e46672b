// A container's requests and limits, and its probes' timings.
import { Type } from "@sinclair/typebox";
import type { ComponentDefinition, ProbeDefault } from "../types.ts";
import { count, flag, keyed, quantityValue, strict } from "./builders.ts";
import { shared } from "./shared.ts";

export function resources(
  defaults: ComponentDefinition["resources"],
  description = "container requests and limits (sized for a laptop cluster)",
) {
  const quantities = (text: string, values: Record<string, string>) =>
    Type.Record(Type.String(), quantityValue, { description: text, default: values });
  // Not strict: Kubernetes' own ResourceRequirements keys (claims) pass through.
  return shared(
    "resources",
    Type.Object(
      keyed({
        requests: quantities("what the scheduler reserves", defaults.requests),
        limits: quantities("the most the container may use", defaults.limits),
      }),
      { description },
    ),
  );
}

export function probe(kind: "liveness" | "readiness", defaults: ProbeDefault) {
  return shared(
    "probe",
    strict(`timings of the ${kind} probe (the check itself is fixed by the image)`, {
      enabled: flag("run this probe", true),
      initialDelaySeconds: count("wait before the first check", defaults.initialDelaySeconds),
      periodSeconds: count("time between checks", defaults.periodSeconds, 1),
      timeoutSeconds: count("time one check may take", defaults.timeoutSeconds, 1),
      failureThreshold: count("failed checks in a row before acting", defaults.failureThreshold, 1),
    }),
  );
}
