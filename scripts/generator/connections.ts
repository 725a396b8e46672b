// The Helm expressions behind each connection variable, each container's environment and each
// pod's checksum annotations, derived from the dependency graph in schema/components.ts and the
// variables in schema/connections.ts.
import { component, components } from "../../schema/components.ts";
import {
  aiKeyReaders,
  aiKeys,
  type ConnectionVariable,
  connectionVariable,
  passwordKeyOf,
} from "../../schema/connections.ts";
import { edgesTo } from "../../schema/graph.ts";
import type { ComponentDefinition } from "../../schema/types.ts";

/** What decides a container's environment: a component, or a Job that is a client of the graph. */
export type EnvSource = Pick<ComponentDefinition, "dependencies"> &
  Partial<Pick<ComponentDefinition, "env" | "auth">> & { name: string };

/** A value as it goes into a URL: percent-encoded, with a space as %20 (urlquery writes `+`, which URL parsers keep). */
const urlEncoded = (expression: string) => `(${expression} | urlquery | replace "+" "%20")`;

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

/** Helm expressions for where a component is reached and as whom (the endpoint helpers of _endpoints.tpl). */
export function addressExpressions(targetName: string, root = "$") {
  const include = (field: string) => `(include "cryptoflow.${targetName}.${field}" ${root})`;
  return {
    host: include("host"),
    port: include("port"),
    username: include("username"),
    database: include("database"),
  };
}

/**
 * A Helm `printf` that builds the variable's value. The password stays a `${KEY}` placeholder:
 * no manifest holds it, and the pod fills it in from the Secret (cryptoflow.withUrlPasswords).
 */
export function connectionExpression(variable: ConnectionVariable, root = "$"): string {
  const target = component(variable.target);
  const address = addressExpressions(target.name, root);
  const placeholders: Record<string, { verb: string; expression: string }> = {
    host: { verb: "%s", expression: address.host },
    port: { verb: "%s", expression: address.port },
    username: { verb: "%s", expression: urlEncoded(address.username) },
    // Not encoded: SQLAlchemy does not decode the database part, so values.schema.json allows only safe names.
    database: { verb: "%s", expression: address.database },
  };
  const args: string[] = [];
  const format = variable.format.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (name === "password") return `\${${passwordKeyOf(variable)}}`;
    const placeholder = placeholders[name];
    if (!placeholder) throw new Error(`${variable.name}: unknown placeholder {${name}}`);
    args.push(placeholder.expression);
    return placeholder.verb;
  });
  return `printf "${format}" ${args.join(" ")}`;
}

/**
 * What decides a datastore's password without being it: the password given in values (the
 * managed service's when the datastore is off), or "" when the chart generates it once and keeps
 * it. A checksum over this stays put across upgrades that keep a generated password.
 */
export function passwordInput(key: string, root = "$"): string {
  const owner = components.find((definition) => definition.auth?.passwordKey === key);
  if (!owner) throw new Error(`no datastore keeps its password under ${key}`);
  const own = `${root}.Values.${owner.valuesKey}.auth.password`;
  return owner.external
    ? `(ternary ${own} ${root}.Values.${owner.external.valuesKey}.password ${root}.Values.${owner.valuesKey}.enabled)`
    : own;
}

/** One container environment variable, as typed data the env partial renders. */
export interface EnvEntry {
  name: string;
  /** A literal value, already a YAML scalar. */
  value: string | false;
  /** A Helm expression rendered as the value (already quoted by the expression). */
  valueExpression: string | false;
  configMapKey: string | false;
  secretKey: string | false;
  /** For Secret keys that may be absent (the optional AI keys). */
  optional: boolean;
}

const entry = (name: string, fields: Partial<Omit<EnvEntry, "name">>): EnvEntry => ({
  name,
  value: false,
  valueExpression: false,
  configMapKey: false,
  secretKey: false,
  optional: false,
  ...fields,
});

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
 * dependencies name (from the ConfigMap; with `inline`, written into the pod itself, built from
 * `$root`, so that it also works in named templates whose `$` is their argument), the
 * passwords those URLs need (from the Secret), and the AI keys where they are read. Expressions
 * use the pod template's variables: `$values` (the component's values), `$root` and `$` (the
 * chart's root context).
 */
export function containerEnv(definition: EnvSource, { inline = false } = {}): ContainerEnv {
  const env: EnvEntry[] = [];
  const checksums: ChecksumInputs = { config: [], secret: [] };
  const urlsWithPasswords: string[] = [];
  for (const [name, value] of Object.entries(definition.env ?? {}))
    env.push(entry(name, { value: JSON.stringify(value) }));
  const auth = definition.auth;
  if (auth) {
    for (const name of auth.usernameEnv ?? [])
      env.push(entry(name, { valueExpression: "$values.auth.username | quote" }));
    for (const name of auth.databaseEnv ?? [])
      env.push(entry(name, { valueExpression: "$values.auth.database | quote" }));
    for (const name of auth.passwordEnv) env.push(entry(name, { secretKey: auth.passwordKey }));
    checksums.secret.push(passwordInput(auth.passwordKey));
  }
  const passwordKeys: string[] = [];
  for (const edge of definition.dependencies) {
    for (const name of edge.env) {
      const variable = connectionVariable(name);
      env.push(
        entry(
          name,
          inline ? { valueExpression: `${connectionExpression(variable, "$root")} | quote` } : { configMapKey: name },
        ),
      );
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
    env.push(entry(key, { secretKey: key }));
    checksums.secret.push(passwordInput(key));
  }
  if ((aiKeyReaders as string[]).includes(definition.name)) {
    for (const key of aiKeys) env.push(entry(key.env, { secretKey: key.env, optional: true }));
    // Its embedding model comes from Hugging Face at start: offline where the NetworkPolicy
    // blocks the internet, so it gives up at once instead of waiting on dropped connections.
    env.push(entry("HF_HUB_OFFLINE", { valueExpression: `include "cryptoflow.huggingFaceOffline" $root | quote` }));
    checksums.secret.push("$.Values.ai");
  }
  // With existingSecret the pods read the user's Secret: its name decides what they read.
  if (checksums.secret.length) checksums.secret.push("$.Values.existingSecret");
  const names = env.map((variable) => variable.name);
  const repeated = names.filter((name, index) => names.indexOf(name) !== index);
  if (repeated.length) throw new Error(`${definition.name}: environment variable(s) set twice: ${repeated.join(", ")}`);
  return { env, checksums, urlsWithPasswords };
}
