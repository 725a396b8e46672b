// A container's requests and limits, and its probes' timings.
import { Type } from "@sinclair/typebox";
import type { ComponentDefinition, ProbeDefault } from "../types.ts";
import { count, flag, quantityValue, strict } from "./builders.ts";

export function resources(
  defaults: ComponentDefinition["resources"],
  description = "container requests and limits (sized for a laptop cluster)",
) {
  const quantities = (text: string, values: Record<string, string>) =>
    Type.Record(Type.String(), quantityValue, { description: text, default: values });
  return Type.Object(
    {
      requests: quantities("requests: what the scheduler reserves", defaults.requests),
      limits: quantities("limits: the most the container may use", defaults.limits),
    },
    { description: `resources: ${description}` },
  );
}

export function probe(name: string, defaults: ProbeDefault) {
  return strict(`${name}: timings of the ${name.replace("Probe", "")} probe (the check itself is fixed by the image)`, {
    enabled: flag("enabled: run this probe", true),
    initialDelaySeconds: count("initialDelaySeconds: wait before the first check", defaults.initialDelaySeconds),
    periodSeconds: count("periodSeconds: time between checks", defaults.periodSeconds, 1),
    timeoutSeconds: count("timeoutSeconds: time one check may take", defaults.timeoutSeconds, 1),
    failureThreshold: count("failureThreshold: failed checks in a row before acting", defaults.failureThreshold, 1),
  });
}
