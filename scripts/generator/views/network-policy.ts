// The view of each workload's NetworkPolicy (templates/<workload>/networkpolicy.yaml, from
// scripts/templates/network/networkpolicy.yaml.hbs), and the egress edges that the test pods'
// policies render with the same egress-rules partial.
import { component, components } from "../../../schema/components.ts";
import { aiKeyReaders } from "../../../schema/connections.ts";
import { clients, type Edge, edgesFrom, edgesTo } from "../../../schema/graph.ts";
import type { ComponentDefinition } from "../../../schema/types.ts";

/** An edge as the egress-rules partial renders it: with its target's values key and managed service. */
export const egressView = (edge: Pick<Edge, "to" | "port" | "containerPort">) => ({
  ...edge,
  toValuesKey: component(edge.to).valuesKey,
  external: component(edge.to).external?.valuesKey ?? false,
});

/** The edges a client opens, as the egress-rules partial renders them. */
export const egressEdges = (client: string) => edgesFrom(client).map(egressView);

/** The values key that switches a workload off, if it can be: a datastore's `enabled`, a Job's switch. */
function workloadEnabled(name: string, definition: ComponentDefinition | undefined): string | undefined {
  if (definition?.external) return `${definition.valuesKey}.enabled`;
  return clients.find((client) => client.name === name)?.enabledBy;
}

/** The NetworkPolicy of a workload: a component, or the migrations Job. */
export function networkPolicyView(workload: { name: string }) {
  const definition = components.find((candidate) => candidate.name === workload.name);
  const clientsFromKey = definition?.service?.clientsFromKey ?? false;
  const clientPorts = clientsFromKey ? (definition?.ports ?? []) : [];
  const ingress = edgesTo(workload.name);
  const enabledBy = workloadEnabled(workload.name, definition);
  return {
    name: workload.name,
    valuesKey: definition?.valuesKey ?? false,
    ingress,
    clientPorts,
    clientsFromKey,
    aiProviders: (aiKeyReaders as string[]).includes(workload.name),
    ingressRules: ingress.length + clientPorts.length > 0,
    enabledCondition: enabledBy
      ? `and .Values.networkPolicy.enabled .Values.${enabledBy}`
      : ".Values.networkPolicy.enabled",
    egress: egressEdges(workload.name),
  };
}
