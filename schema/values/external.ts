// A datastore outside the release, used when its bundled copy is turned off.
import type { TProperties } from "@sinclair/typebox";
import * as pattern from "../patterns.ts";
import type { ComponentDefinition } from "../types.ts";
import { portNumber, strict, text } from "./builders.ts";

export function externalValues(definition: ComponentDefinition) {
  const external = definition.external;
  const port = definition.ports[0];
  if (!external || !port) throw new Error(`${definition.name} has no external service settings`);
  const properties: TProperties = {
    host: text(`host name of ${external.description}, used when ${definition.valuesKey}.enabled is false`, ""),
    port: portNumber(`its ${port.description} port`, port.port),
  };
  if (definition.auth?.defaultUsername)
    properties.username = text("user to connect as", definition.auth.defaultUsername);
  if (definition.auth?.defaultDatabase)
    properties.database = text(
      "database to use (letters, digits, _ . -: it goes into the URL as it is)",
      definition.auth.defaultDatabase,
      pattern.databaseName,
    );
  if (definition.auth) {
    properties.password = text(`its password (or put ${definition.auth.passwordKey} in existingSecret)`, "");
  }
  properties.egressCidr = text(
    "addresses the NetworkPolicies let clients reach it at, on its port only",
    "0.0.0.0/0",
    pattern.cidr,
  );
  return strict(`${external.description}, used instead of the bundled ${definition.name}`, properties);
}
