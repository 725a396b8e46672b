// How a Deployment rolls, scales and spreads.
import { Type } from "@sinclair/typebox";
import type { ComponentDefinition } from "../types.ts";
import { count, flag, intOrPercent, oneOf, strict, text } from "./builders.ts";
import { shared } from "./shared.ts";

/** A Deployment's update strategy, as strict as the rest: a misspelt key is refused, not sent to the API server. */
export function deploymentStrategy(description: string, type: "Recreate" | "RollingUpdate") {
  return shared(
    "deploymentStrategy",
    strict(description, {
      type: oneOf("Recreate or RollingUpdate", ["Recreate", "RollingUpdate"] as const, type),
      rollingUpdate: strict("how fast a rolling update goes (used with type RollingUpdate only)", {
        maxSurge: intOrPercent("pods above the desired count during the update (a number or a percentage)", 1),
        maxUnavailable: intOrPercent("pods below the desired count during the update (a number or a percentage)", 0),
      }),
    }),
  );
}

/** Settings of the stateless application components: how they roll, scale and spread. */
export function scaling(definition: ComponentDefinition) {
  return {
    strategy: deploymentStrategy("the Deployment's update strategy", "RollingUpdate"),
    autoscaling: shared(
      "autoscaling",
      strict("a HorizontalPodAutoscaler on CPU; replicaCount is then ignored", {
        enabled: flag("scale with a HorizontalPodAutoscaler", false),
        minReplicas: count("fewest pods", Math.max(2, definition.replicaCount), 1),
        maxReplicas: count("most pods", 5, 1),
        targetCPUUtilizationPercentage: Type.Integer({
          description: "average CPU use, in percent of requests, to scale at",
          default: 75,
          minimum: 1,
          maximum: 100,
        }),
      }),
    ),
    podDisruptionBudget: shared(
      "podDisruptionBudget",
      strict("keep pods running through node drains whenever more than one replica runs", {
        enabled: flag("render a PodDisruptionBudget when the workload has more than one replica", true),
        maxUnavailable: count("pods a voluntary disruption may take at once", 1, 1),
      }),
    ),
    podAntiAffinityPreset: oneOf(
      "keep replicas off one node: soft prefers it, hard requires it (used when affinity is empty)",
      ["soft", "hard", "none"] as const,
      "soft",
    ),
    topologySpread: shared(
      "topologySpread",
      strict("spread the pods across nodes", {
        enabled: flag("add a topologySpreadConstraint for these pods", false),
        topologyKey: text("node label to spread across", "kubernetes.io/hostname"),
        maxSkew: count("largest allowed difference in pods between two domains", 1, 1),
        whenUnsatisfiable: oneOf(
          "what the scheduler does when it cannot spread",
          ["DoNotSchedule", "ScheduleAnyway"] as const,
          "ScheduleAnyway",
        ),
      }),
    ),
  };
}
