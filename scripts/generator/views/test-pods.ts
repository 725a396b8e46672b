// The views of the `helm test` pods under templates/tests/ (scripts/templates/tests/*.hbs): for
// each client of the dependency graph, a pod that opens each of its connections and the
// NetworkPolicy that lets it; for the API, a pod that calls every Service, and its policy.
import { component, componentsWithService } from "../../../schema/components.ts";
import { type clients, edgesFrom } from "../../../schema/graph.ts";
import { egressEdges, egressView } from "./network-policy.ts";

type Client = (typeof clients)[number];

/** tests/<client>-connections.yaml: where each connection goes, as the endpoint helpers say. */
export const connectionsTestView = (client: Client) => ({
  client: client.name,
  enabledBy: client.enabledBy ?? false,
  edges: edgesFrom(client.name),
});

/** tests/<client>-connections-networkpolicy.yaml: the test pod may open what its client opens. */
export const connectionsTestPolicyView = (client: Client) => ({
  client: client.name,
  enabledBy: client.enabledBy ?? false,
  edges: egressEdges(client.name),
});

/** tests/api.yaml: every Service, and whether a managed service can stand in for it. */
export const apiTestView = () => ({
  services: componentsWithService.map(({ name, valuesKey, external }) => ({
    name,
    valuesKey,
    replaceable: external !== undefined,
  })),
});

/** tests/api-networkpolicy.yaml: the test pod may reach each of the API's ports. */
export function apiTestPolicyView() {
  const api = component("api");
  return { edges: api.ports.map((port) => egressView({ to: api.name, port: port.name, containerPort: port.port })) };
}
