// The settings every workload has, bundled application or datastore.
import { Type } from "@sinclair/typebox";
import type { ComponentDefinition } from "../types.ts";
import { count, passThrough, strict, stringMap } from "./builders.ts";
import { probe, resources } from "./container.ts";
import { pullSecrets } from "./image.ts";
import { podHatches } from "./pod-hatches.ts";
import { shared } from "./shared.ts";

/** Settings every workload has, whatever it runs. */
export function workload(definition: ComponentDefinition) {
  return {
    imagePullSecrets: pullSecrets(
      `Secrets to pull the ${definition.name} image with${definition.name === "api" ? " (and the migrations Job's)" : ""}, added to global.imagePullSecrets: names or {name: …}`,
    ),
    replicaCount: count(`number of ${definition.name} pods`, definition.replicaCount),
    resources: resources(definition.resources),
    // Only components with a check of their own get probe settings: one that could not work is refused.
    ...(definition.livenessProbe ? { livenessProbe: probe("liveness", definition.livenessProbe) } : {}),
    ...(definition.readinessProbe ? { readinessProbe: probe("readiness", definition.readinessProbe) } : {}),
    podSecurityContext: passThrough("pod-level securityContext", {
      runAsNonRoot: true,
      runAsUser: definition.runAsUser,
      runAsGroup: definition.runAsGroup,
      fsGroup: definition.runAsGroup,
      // Change a volume's group only when its root does not match yet: a recursive change on every
      // mount would make RabbitMQ's Erlang cookie group-readable, and the node refuses to start.
      ...(definition.data ? { fsGroupChangePolicy: "OnRootMismatch" } : {}),
      seccompProfile: { type: "RuntimeDefault" },
    }),
    containerSecurityContext: passThrough(
      `container securityContext${
        definition.readOnlyRootFilesystemNote
          ? ` (root filesystem writable: ${definition.readOnlyRootFilesystemNote})`
          : ""
      }`,
      {
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: definition.readOnlyRootFilesystem,
        runAsNonRoot: true,
        capabilities: { drop: ["ALL"] },
      },
    ),
    podAnnotations: stringMap("extra pod annotations"),
    podLabels: stringMap("extra pod labels (never used in selectors)"),
    nodeSelector: stringMap("node labels the pods must match"),
    tolerations: Type.Array(Type.Record(Type.String(), Type.Unknown()), {
      description: "pod tolerations",
      default: [],
    }),
    affinity: passThrough("pod affinity rules"),
    networkPolicy: shared(
      "componentNetworkPolicy",
      strict("rules added to this component's NetworkPolicy", {
        extraIngress: Type.Array(passThrough("a NetworkPolicyIngressRule"), {
          description: "extra NetworkPolicyIngressRules (who else may connect to these pods)",
          default: [],
        }),
        extraEgress: Type.Array(passThrough("a NetworkPolicyEgressRule"), {
          description: "extra NetworkPolicyEgressRules (what else these pods may connect to)",
          default: [],
        }),
      }),
    ),
    extraEnv: Type.Array(Type.Object({ name: Type.String({ minLength: 1 }) }, { additionalProperties: true }), {
      description: "extra container environment variables (EnvVar objects)",
      default: [],
    }),
    ...podHatches({ global: false, owner: definition.name }),
  };
}
