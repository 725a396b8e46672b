// The Helm expressions behind each connection variable and each container's environment,
// derived from the dependency graph in schema/components.ts and schema/connections.ts.
import { component } from "../../schema/components.ts";
import { aiKeyReaders, aiKeys, type ConnectionVariable, connectionVariable } from "../../schema/connections.ts";
import type { ComponentDefinition } from "../../schema/types.ts";

/** What decides a container's environment: a component, or a Job that is a client of the graph. */
export type EnvSource = Pick<ComponentDefinition, "role" | "dependencies"> &
  Partial<Pick<ComponentDefinition, "env" | "auth">> & { name: string };

/**
 * Helm expressions for where a component is reached and as whom: its Service in the release, or,
 * for a datastore switched off, the managed service its external* values name.
 */
export function addressExpressions(targetName: string, portName: string, root = "$") {
  const target = component(targetName);
  const key = `${root}.Values.${target.valuesKey}`;
  const pick = (inRelease: string, external: string) =>
    target.external
      ? `(ternary ${inRelease} ${root}.Values.${target.external.valuesKey}.${external} ${key}.enabled)`
      : inRelease;
  const host = `(include "cryptoflow.serviceHost" (dict "component" "${target.name}" "context" ${root}))`;
  return {
    host: target.external ? `(ternary ${host} ${root}.Values.${target.external.valuesKey}.host ${key}.enabled)` : host,
    port: pick(`${key}.service.ports.${portName}`, "port"),
    username: pick(`${key}.auth.username`, "username"),
    database: pick(`${key}.auth.database`, "database"),
  };
}

/** A Helm `printf` that builds the variable's value for the release (the Secret's template defines $passwords). */
export function connectionExpression(variable: ConnectionVariable): string {
  const target = component(variable.target);
  const address = addressExpressions(target.name, variable.port);
  const placeholders: Record<string, { verb: string; expression: string }> = {
    host: { verb: "%s", expression: address.host },
    port: { verb: "%v", expression: address.port },
    username: { verb: "%s", expression: `(${address.username} | urlquery)` },
    database: { verb: "%s", expression: `(${address.database} | urlquery)` },
    password: { verb: "%s", expression: `(index $passwords "${target.auth?.passwordKey}" | urlquery)` },
  };
  const args: string[] = [];
  const format = variable.format.replace(/\{(\w+)\}/g, (_, name: string) => {
    const placeholder = placeholders[name];
    if (!placeholder) throw new Error(`${variable.name}: unknown placeholder {${name}}`);
    if (name === "password" && !variable.secret) throw new Error(`${variable.name} holds a password: mark it secret`);
    args.push(placeholder.expression);
    return placeholder.verb;
  });
  return `printf "${format}" ${args.join(" ")}`;
}

/** One env entry as YAML lines; the first line carries no indent, the rest `indent` spaces. */
export interface EnvEntry {
  name: string;
  yaml: string;
}

function entry(lines: string[], indent: number): EnvEntry {
  const name = lines[0].replace("- name: ", "");
  return { name, yaml: lines.join(`\n${" ".repeat(indent)}`) };
}

const fromConfigMap = (name: string, root: string) => [
  `- name: ${name}`,
  "  valueFrom:",
  "    configMapKeyRef:",
  `      name: {{ include "cryptoflow.configMapName" ${root} }}`,
  `      key: ${name}`,
];

const fromSecret = (name: string, key: string, root: string, optional = false) => [
  `- name: ${name}`,
  "  valueFrom:",
  "    secretKeyRef:",
  `      name: {{ include "cryptoflow.secretName" ${root} }}`,
  `      key: ${key}`,
  ...(optional ? ["      optional: true"] : []),
];

/** The environment of a component's container: fixed settings, its own credentials, and one entry per variable its dependencies name. */
/** `root` is the template variable holding the chart's root context where the entries are rendered. */
export function containerEnv(definition: EnvSource, indent: number, root = "$"): EnvEntry[] {
  const lines: string[][] = [];
  if (definition.role === "application") lines.push(fromConfigMap("LOG_LEVEL", root));
  for (const [name, value] of Object.entries(definition.env ?? {})) {
    lines.push([`- name: ${name}`, `  value: ${JSON.stringify(value)}`]);
  }
  const auth = definition.auth;
  if (auth) {
    const values = `$values.auth`;
    for (const name of auth.usernameEnv ?? [])
      lines.push([`- name: ${name}`, `  value: {{ ${values}.username | quote }}`]);
    for (const name of auth.databaseEnv ?? [])
      lines.push([`- name: ${name}`, `  value: {{ ${values}.database | quote }}`]);
    for (const name of auth.passwordEnv) lines.push(fromSecret(name, auth.passwordKey, root));
  }
  for (const edge of definition.dependencies) {
    for (const name of edge.env) {
      lines.push(connectionVariable(name).secret ? fromSecret(name, name, root) : fromConfigMap(name, root));
    }
  }
  const entries = lines.map((block) => entry(block, indent));
  const names = entries.map((env) => env.name);
  // The optional AI keys are the same list wherever they are read: one named template renders them.
  if ((aiKeyReaders as string[]).includes(definition.name)) {
    names.push(...aiKeys.map((key) => key.env));
    entries.push({ name: "AI keys", yaml: `{{- include "cryptoflow.aiKeyEnv" ${root} | trim | nindent ${indent} }}` });
  }
  const repeated = names.filter((name, index) => names.indexOf(name) !== index);
  if (repeated.length) throw new Error(`${definition.name}: environment variable(s) set twice: ${repeated.join(", ")}`);
  return entries;
}
