// The escape hatches of a pod: what the chart does not know, passed to Kubernetes as it is.
import { Type } from "@sinclair/typebox";
import * as pattern from "../patterns.ts";
import { list, openObject, strict } from "./builders.ts";
import { shared } from "./shared.ts";

export const containerName = (what: string) =>
  Type.String({ description: `the ${what}'s name (a DNS label)`, pattern: pattern.dnsLabel, maxLength: 63 });

/**
 * The escape hatches for a pod: containers, volumes and env sources the chart does not know, as
 * Kubernetes takes them. Only the fields Kubernetes cannot do without are required and checked;
 * the rest of each body passes through. `where` says whose pods they reach and how they combine.
 */
export function podHatches(where: { global: boolean; owner: string }) {
  /** Whose pods an addition reaches, and where it goes in the list: `global`'s first, then the component's. */
  const reach = (key: string, job: boolean) =>
    where.global
      ? `every component's pod${job ? " and the migrations Job" : ""}, before the component's own ${key}`
      : `the ${where.owner} pods, after global.${key}`;
  const envFromSource = (reference: "configMapRef" | "secretRef", kind: string) =>
    strict(`an EnvFromSource reading every key of a ${kind}`, {
      [reference]: openObject(`the ${kind}`, {
        name: Type.String({ description: `the ${kind}'s name`, pattern: pattern.dnsSubdomain, maxLength: 253 }),
      }),
      prefix: Type.Optional(Type.String({ description: "put before every variable's name" })),
    });
  const nameAndImage = (what: string) => ({
    name: containerName(what),
    image: Type.String({ description: "the container image, pinned by tag or digest", minLength: 1 }),
  });
  const restricted = "with a securityContext that meets Pod Security's restricted profile";
  return {
    extraEnvFrom: shared(
      "extraEnvFrom",
      Type.Array(
        Type.Union([envFromSource("configMapRef", "ConfigMap"), envFromSource("secretRef", "Secret")], {
          description: "{configMapRef: {name: …}} or {secretRef: {name: …}}, with an optional prefix",
        }),
        {
          description: `ConfigMaps and Secrets whose keys become environment variables of the main container, in ${reach("extraEnvFrom", true)}; a variable the chart sets wins over one of the same name`,
          default: [],
        },
      ),
    ),
    extraVolumes: shared(
      "extraVolumes",
      list(
        `Volumes for ${reach("extraVolumes", true)} (configMap, secret, emptyDir, projected, csi…; hostPath breaks Pod Security's restricted profile)`,
        openObject("a Volume", { name: containerName("volume") }),
      ),
    ),
    extraVolumeMounts: shared(
      "extraVolumeMounts",
      list(
        `VolumeMounts of the main container, in ${reach("extraVolumeMounts", true)}, each naming a volume of the pod or of extraVolumes`,
        openObject("a VolumeMount", {
          name: Type.String({ description: "the volume to mount", pattern: pattern.dnsLabel, maxLength: 63 }),
          mountPath: Type.String({ description: "where the volume appears in the container", pattern: "^/" }),
        }),
      ),
    ),
    initContainers: shared(
      "initContainers",
      list(
        `Containers run to completion, in order, before the main container starts, in ${reach("initContainers", true)}; each ${restricted}`,
        openObject("a Container", nameAndImage("init container")),
      ),
    ),
    sidecars: shared(
      "sidecars",
      list(
        `Containers run beside the main container, in ${reach("sidecars", false)}${where.global ? " (not in the migrations Job, which would never complete)" : ""}; each ${restricted}, and the connections they open need networkPolicy.extraEgress`,
        openObject("a Container", nameAndImage("sidecar")),
      ),
    ),
    priorityClassName: Type.String({
      description: where.global
        ? "the PriorityClass of every component's pod and of the migrations Job, unless the component names its own (empty: the cluster default)"
        : `the PriorityClass of the ${where.owner} pods${where.owner === "api" ? " and the migrations Job" : ""}; wins over global.priorityClassName (empty: global.priorityClassName)`,
      default: "",
      pattern: `^$|${pattern.dnsSubdomain}`,
      maxLength: 253,
    }),
  };
}
