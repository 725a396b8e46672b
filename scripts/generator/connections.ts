// The endpoint helpers each connection variable is built from (_endpoints.tpl), each container's
// environment and each pod's checksum annotations, derived from the dependency graph in
// schema/components.ts and the variables in schema/connections.ts.
import { components } from "../../schema/components.ts";
import {
  aiKeyReaders,
  aiKeys,
  type ConnectionVariable,
  connectionVariable,
  connectionVariables,
  passwordKeyOf,
} from "../../schema/connections.ts";
import { edgesTo } from "../../schema/graph.ts";
import type { ComponentDefinition } from "../../schema/types.ts";

/** What decides a container's environment: a component, or a Job that is a client of the graph. */
export type EnvSource = Pick<ComponentDefinition, "dependencies"> &
  Partial<Pick<ComponentDefinition, "env" | "auth">> & { name: string };

/** The one port clients of `target` use; endpoint helpers are named after the target alone. */
export function clientPort(targetName: string): string {
  const ports = [...new Set(edgesTo(targetName).map((edge) => edge.port))];
  if (ports.length !== 1) throw new Error(`${targetName}: clients use ${ports.length} ports (${ports.join(", ")})`);
  return ports[0];
}

/** The components some client connects to: each gets endpoint helpers (cryptoflow.<name>.host …). */
export function endpointTargets(): ComponentDefinition[] {
  return components.filter((definition) => edgesTo(definition.name).length > 0);
}

/** The named template that renders a connection variable's value. */
const variableHelper = (name: string) => `cryptoflow.env.${name}`;

/** A placeholder of a variable's format, as the Helm variable its helper assigns and prints. */
interface Field {
  name: string;
  expression: string;
}

/**
 * A connection variable as its helper in _endpoints.tpl builds it: each placeholder read once
 * from the target's endpoint helpers into a variable, then the value as text with those
 * variables in it. The password stays a `${KEY}` placeholder: no manifest holds it, and the pod
 * fills it in from the Secret (cryptoflow.withUrlPasswords).
 */
function variableView(variable: ConnectionVariable) {
  const endpoint = (field: string) => `include "cryptoflow.${variable.target}.${field}" .`;
  const expressions: Record<string, string> = {
    host: endpoint("host"),
    port: endpoint("port"),
    username: `include "cryptoflow.urlEncoded" (${endpoint("username")})`,
    // Not encoded: SQLAlchemy does not decode the database part, so values.schema.json allows only safe names.
    database: endpoint("database"),
  };
  const passwordKey = passwordKeyOf(variable);
  const fields: Field[] = [];
  const text = variable.format.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (name === "password") return `\${${passwordKey}}`;
    const expression = expressions[name];
    if (!expression) throw new Error(`${variable.name}: unknown placeholder {${name}}`);
    if (!fields.some((field) => field.name === name)) fields.push({ name, expression });
    return `{{ $${name} }}`;
  });
  return {
    name: variable.name,
    helper: variableHelper(variable.name),
    description: variable.description,
    passwordPlaceholder: passwordKey ? `\${${passwordKey}}` : false,
    fields,
    text,
  };
}

/** A component clients connect to, as _endpoints.tpl writes its helpers. */
export function endpointView(definition: ComponentDefinition) {
  return {
    name: definition.name,
    valuesKey: definition.valuesKey,
    port: clientPort(definition.name),
    external: definition.external?.valuesKey ?? false,
    username: !!(definition.external && definition.auth?.defaultUsername),
    database: !!(definition.external && definition.auth?.defaultDatabase),
    password: !!definition.auth,
    variables: connectionVariables.filter((variable) => variable.target === definition.name).map(variableView),
  };
}

/**
 * What decides a datastore's password without being it (cryptoflow.<name>.password): the
 * password given in values (the managed service's when the datastore is off), or "" when the
 * chart generates it once and keeps it. A checksum over this stays put across upgrades that keep
 * a generated password.
 */
function passwordInput(key: string): string {
  const owner = components.find((definition) => definition.auth?.passwordKey === key);
  if (!owner) throw new Error(`no datastore keeps its password under ${key}`);
  return `(include "cryptoflow.${owner.name}.password" $)`;
}

/**
 * One container environment variable, as typed data the container-env partial writes as YAML:
 * a literal (a YAML scalar, already quoted), a path under the component's values (`$values`), a
 * named template rendered with the chart's root context, or a key of the chart's ConfigMap or
 * Secret (`optional` for keys that may be absent: the AI keys).
 */
export type EnvEntry = { name: string } & (
  | { literal: string }
  | { valuesPath: string }
  | { helper: string }
  | { configMapKey: string }
  | { secretKey: string; optional: boolean }
);

/** What a pod reads from the chart's ConfigMap and Secret, as the inputs its checksum annotations hash. */
export interface ChecksumInputs {
  config: string[];
  secret: string[];
}

/** A container's environment, the checksum inputs of exactly those entries, and the URLs its start fills passwords into. */
export interface ContainerEnv {
  env: EnvEntry[];
  checksums: ChecksumInputs;
  /** Variables holding a `${KEY}` password placeholder, for cryptoflow.withUrlPasswords. */
  urlsWithPasswords: string[];
}

/**
 * The environment of a container: fixed settings, its own credentials, one entry per variable its
 * dependencies name (read from the ConfigMap; with `inline`, rendered into the pod itself by the
 * variable's helper, for a hook that runs before the release's ConfigMap is applied), the
 * passwords those URLs need (from the Secret), and the AI keys where they are read. Checksum
 * inputs are Helm expressions over `$`, the chart's root context.
 */
export function containerEnv(definition: EnvSource, { inline = false } = {}): ContainerEnv {
  const env: EnvEntry[] = [];
  const checksums: ChecksumInputs = { config: [], secret: [] };
  const urlsWithPasswords: string[] = [];
  for (const [name, value] of Object.entries(definition.env ?? {})) env.push({ name, literal: JSON.stringify(value) });
  const auth = definition.auth;
  if (auth) {
    for (const name of auth.usernameEnv ?? []) env.push({ name, valuesPath: "auth.username" });
    for (const name of auth.databaseEnv ?? []) env.push({ name, valuesPath: "auth.database" });
    for (const name of auth.passwordEnv) env.push({ name, secretKey: auth.passwordKey, optional: false });
    checksums.secret.push(passwordInput(auth.passwordKey));
  }
  const passwordKeys: string[] = [];
  for (const edge of definition.dependencies) {
    for (const name of edge.env) {
      const variable = connectionVariable(name);
      env.push(inline ? { name, helper: variableHelper(name) } : { name, configMapKey: name });
      // A variable is made of its target's connection settings (and constants): hash those once per target.
      const inputs = `(include "cryptoflow.${variable.target}.connection" $)`;
      if (!inline && !checksums.config.includes(inputs)) checksums.config.push(inputs);
      const passwordKey = passwordKeyOf(variable);
      if (!passwordKey) continue;
      urlsWithPasswords.push(name);
      if (!passwordKeys.includes(passwordKey)) passwordKeys.push(passwordKey);
    }
  }
  for (const key of passwordKeys) {
    env.push({ name: key, secretKey: key, optional: false });
    checksums.secret.push(passwordInput(key));
  }
  if ((aiKeyReaders as string[]).includes(definition.name)) {
    for (const key of aiKeys) env.push({ name: key.env, secretKey: key.env, optional: true });
    // Its embedding model comes from Hugging Face at start: offline where the NetworkPolicy
    // blocks the internet, so it gives up at once instead of waiting on dropped connections.
    env.push({ name: "HF_HUB_OFFLINE", helper: "cryptoflow.huggingFaceOffline" });
    checksums.secret.push("$.Values.ai");
  }
  // With existingSecret the pods read the user's Secret: its name decides what they read.
  if (checksums.secret.length) checksums.secret.push("$.Values.existingSecret");
  const names = env.map((variable) => variable.name);
  const repeated = names.filter((name, index) => names.indexOf(name) !== index);
  if (repeated.length) throw new Error(`${definition.name}: environment variable(s) set twice: ${repeated.join(", ")}`);
  return { env, checksums, urlsWithPasswords };
}
