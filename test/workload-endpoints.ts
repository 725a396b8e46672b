// A render's pods as network endpoints for the NetworkPolicy model (network-policy.ts), and every
// connection the render's policies allow among its workloads.
import type {
  V1Deployment,
  V1Job,
  V1NetworkPolicy,
  V1Pod,
  V1PodTemplateSpec,
  V1StatefulSet,
} from "@kubernetes/client-node";
import type { Rendered } from "../scripts/chart/helm-template.ts";
import { allowed, type Endpoint } from "./network-policy.ts";
import { ofKind } from "./render.ts";

/** How an endpoint is called in results: by default its component label (`api`, `migrations`). */
export type EndpointName = (labels: Record<string, string>) => string;

const byComponent: EndpointName = (labels) => labels["app.kubernetes.io/component"] ?? "";

export function endpoint(name: string, namespace: string, template: V1PodTemplateSpec | V1Pod): Endpoint {
  const ports = (template.spec?.containers ?? []).flatMap((container) =>
    (container.ports ?? []).map((port) => ({
      name: port.name,
      port: port.containerPort,
      protocol: port.protocol ?? "TCP",
    })),
  );
  return {
    name,
    namespace,
    namespaceLabels: { "kubernetes.io/metadata.name": namespace },
    labels: template.metadata?.labels ?? {},
    ports,
  };
}

/** The render's workloads (Deployments, StatefulSets and the migrations Job) as network endpoints. */
export function workloads(rendered: Rendered, namespace: string, nameOf = byComponent): Endpoint[] {
  const templates = [
    ...ofKind<V1Deployment>(rendered, "Deployment"),
    ...ofKind<V1StatefulSet>(rendered, "StatefulSet"),
    ...ofKind<V1Job>(rendered, "Job"),
  ].map((workload) => workload.spec?.template ?? {});
  return templates.map((template) => endpoint(nameOf(template.metadata?.labels ?? {}), namespace, template));
}

/** Every allowed (source → destination:port) among the workloads, over every port any of them declares. */
export function allowedAmong(rendered: Rendered, namespace: string, nameOf = byComponent): string[] {
  const policies = ofKind<V1NetworkPolicy>(rendered, "NetworkPolicy");
  const endpoints = workloads(rendered, namespace, nameOf);
  const found: string[] = [];
  for (const source of endpoints) {
    for (const destination of endpoints) {
      for (const { port, protocol } of destination.ports) {
        if (allowed(policies, source, destination, port, protocol))
          found.push(`${source.name} → ${destination.name}:${port}`);
      }
    }
  }
  return found.sort();
}
