// A component's Service, and the Ingress in front of the API.
import { Type } from "@sinclair/typebox";
import * as pattern from "../patterns.ts";
import type { ComponentDefinition } from "../types.ts";
import { flag, oneOf, portNumber, strict, stringMap, text } from "./builders.ts";

export function service(definition: ComponentDefinition) {
  const type = definition.service?.type ?? "ClusterIP";
  const ports = Object.fromEntries(
    definition.ports.map((port) => [port.name, portNumber(`Service port for ${port.description}`, port.port)]),
  );
  // Helm deletes keys whose value is null, so "let Kubernetes choose" is an absent key, not a null one.
  const nodePorts = Object.fromEntries(
    definition.ports.map((port) => {
      const fixed = definition.service?.nodePorts?.[port.name];
      const description = `fixed nodePort (30000-32767) when the type is NodePort or LoadBalancer; leave it out to let Kubernetes choose`;
      const schema = Type.Integer({
        minimum: 30000,
        maximum: 32767,
        description,
        ...(fixed ? { default: fixed } : {}),
      });
      return [port.name, Type.Optional(schema)];
    }),
  );
  return strict(`the ${definition.name} Service (its name is the component's name)`, {
    type: oneOf("Service type", ["ClusterIP", "NodePort", "LoadBalancer"] as const, type),
    ports: strict("Service ports by name", ports),
    nodePorts: strict("node ports by port name", nodePorts),
    sessionAffinity: oneOf(
      `ClientIP keeps each client on one pod${definition.service?.sessionAffinityNote ? ` (required with more than one pod: ${definition.service.sessionAffinityNote})` : ""}`,
      ["None", "ClientIP"] as const,
      definition.service?.sessionAffinity ?? "None",
    ),
    annotations: stringMap("extra Service annotations"),
  });
}

export const ingress = strict("publish the API through an Ingress controller", {
  enabled: flag("render an Ingress for the API", false),
  className: text("IngressClass name (empty: the cluster default)", ""),
  host: text("the host name users call", "cryptoflow.local", pattern.dnsSubdomain),
  path: text("path prefix routed to the API", "/", "^/"),
  annotations: stringMap("Ingress annotations (e.g. cert-manager's cluster-issuer)"),
  tls: strict("serve HTTPS", {
    enabled: flag("terminate TLS at the Ingress", false),
    secretName: text(
      "Secret holding the certificate (cert-manager can create it)",
      "cryptoflow-tls",
      pattern.dnsSubdomain,
    ),
  }),
});
