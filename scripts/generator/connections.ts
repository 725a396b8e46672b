// The Helm expressions behind each connection variable and each container's environment,
// derived from the dependency graph in schema/components.ts and schema/connections.ts.
import { component } from "../../schema/components.ts";
import { aiKeyReaders, aiKeys, type ConnectionVariable, connectionVariable } from "../../schema/connections.ts";
import type { ComponentDefinition } from "../../schema/types.ts";

/** What decides a container's environment: a component, or a Job that is a client of the graph. */
export type EnvSource = Pick<ComponentDefinition, "role" | "dependencies"> &
  Partial<Pick<ComponentDefinition, "env" | "auth">> & { name: string };

/** A Helm `printf` that builds the variable's value for the release (the Secret's template defines $passwords). */
export function connectionExpression(variable: ConnectionVariable): string {
  const target = component(variable.target);
  const key = target.valuesKey;
  const placeholders: Record<string, { verb: string; expression: string }> = {
    host: {
      verb: "%s",
      expression: `(include "cryptoflow.serviceHost" (dict "component" "${target.name}" "context" $))`,
    },
    port: { verb: "%v", expression: `.Values.${key}.service.ports.${variable.port}` },
    username: { verb: "%s", expression: `(.Values.${key}.auth.username | urlquery)` },
    database: { verb: "%s", expression: `(.Values.${key}.auth.database | urlquery)` },
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

const fromConfigMap = (name: string) => [
  `- name: ${name}`,
  "  valueFrom:",
  "    configMapKeyRef:",
  '      name: {{ include "cryptoflow.configMapName" $ }}',
  `      key: ${name}`,
];

const fromSecret = (name: string, key: string, optional = false) => [
  `- name: ${name}`,
  "  valueFrom:",
  "    secretKeyRef:",
  '      name: {{ include "cryptoflow.secretName" $ }}',
  `      key: ${key}`,
  ...(optional ? ["      optional: true"] : []),
];

/** The environment of a component's container: fixed settings, its own credentials, and one entry per variable its dependencies name. */
export function containerEnv(definition: EnvSource, indent: number): EnvEntry[] {
  const lines: string[][] = [];
  if (definition.role === "application") lines.push(fromConfigMap("LOG_LEVEL"));
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
    for (const name of auth.passwordEnv) lines.push(fromSecret(name, auth.passwordKey));
  }
  for (const edge of definition.dependencies) {
    for (const name of edge.env) {
      lines.push(connectionVariable(name).secret ? fromSecret(name, name) : fromConfigMap(name));
    }
  }
  if ((aiKeyReaders as string[]).includes(definition.name)) {
    for (const key of aiKeys) lines.push(fromSecret(key.env, key.env, true));
  }
  const entries = lines.map((block) => entry(block, indent));
  const names = entries.map((env) => env.name);
  const repeated = names.filter((name, index) => names.indexOf(name) !== index);
  if (repeated.length) throw new Error(`${definition.name}: environment variable(s) set twice: ${repeated.join(", ")}`);
  return entries;
}
