// Where a pod's user-added containers and volumes come from in the values: `global.sidecars[0]`,
// `api.initContainers[1]`, `redis.extraVolumes[0]`. A finding about one of them then names the
// values path the user wrote, not a field of the rendered manifest they never saw.
// Mirrors the chart's hatches (scripts/templates/_hatches.tpl.hbs): global's entries, then the
// component's own, on each component's pods; global's but sidecars on the migrations Job; none on
// the `helm test` pods.
import { components } from "../../schema/components.ts";
import type { PodTemplate } from "./pod-templates.ts";

/** Which spec list each hatch adds to, as containersOf and the volume checks name them. */
const hatches = [
  { key: "initContainers", list: "initContainers" },
  { key: "sidecars", list: "containers" },
  { key: "extraVolumes", list: "volumes" },
] as const;

export interface ValuesOrigins {
  /** `containers[shell]` → `api.sidecars[0]`; `volumes[host]` → `global.extraVolumes[0]`. */
  paths: Map<string, string>;
}

type Values = Record<string, unknown>;

const entries = (values: unknown, key: string): { name?: unknown }[] => {
  const found = values && typeof values === "object" ? (values as Values)[key] : undefined;
  return Array.isArray(found) ? found : [];
};

/** The values keys whose hatches reach this pod template, global first. */
function sources(template: PodTemplate): string[] {
  if (template.owner.kind === "Pod") return [];
  const component = template.labels["app.kubernetes.io/component"];
  if (component === "migrations") return ["global"];
  const definition = components.find((candidate) => candidate.name === component);
  return definition ? ["global", definition.valuesKey] : [];
}

export function valuesOrigins(values: Values, template: PodTemplate): ValuesOrigins {
  const paths = new Map<string, string>();
  for (const source of sources(template)) {
    for (const { key, list } of hatches) {
      if (template.labels["app.kubernetes.io/component"] === "migrations" && key === "sidecars") continue;
      for (const [index, entry] of entries(values[source], key).entries()) {
        const at = `${list}[${String(entry.name)}]`;
        if (!paths.has(at)) paths.set(at, `${source}.${key}[${index}]`);
      }
    }
  }
  return { paths };
}
