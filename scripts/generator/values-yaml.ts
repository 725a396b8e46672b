// values.yaml, written from the values schema with the YAML library: every key in schema order,
// each preceded by its description as a comment, each value the schema's default.
import { Document, isMap, Pair, Scalar, YAMLMap } from "yaml";
import type { Profile } from "../../schema/profiles/profile.ts";
import { wrap } from "./prose.ts";

interface SchemaNode {
  description?: string;
  default?: unknown;
  properties?: Record<string, SchemaNode>;
  required?: string[];
}

function valueNode(doc: Document, schema: SchemaNode, path: string): unknown {
  if (schema.properties && !("default" in schema)) {
    const map = new YAMLMap();
    for (const [key, child] of Object.entries(schema.properties)) {
      const keyPath = path ? `${path}.${key}` : key;
      // An optional key without a default is documented in the schema only (e.g. a nodePort left to Kubernetes).
      if (!schema.required?.includes(key) && !("default" in child)) continue;
      if (!child.description?.startsWith(`${key}: `)) {
        throw new Error(`values schema: ${keyPath} needs a description starting with "${key}: "`);
      }
      const keyNode = new Scalar(key);
      keyNode.commentBefore = commentLines(child.description, keyPath.split(".").length - 1);
      keyNode.spaceBefore = path === "";
      map.items.push(new Pair(keyNode, valueNode(doc, child, keyPath)));
    }
    return map;
  }
  if (!("default" in schema)) throw new Error(`values schema: ${path} has no default`);
  return doc.createNode(schema.default);
}

export function valuesYaml(schema: SchemaNode, header: string): string {
  const doc = new Document();
  const root = valueNode(doc, schema, "");
  if (!isMap(root)) throw new Error("values schema: the root must be an object");
  doc.contents = root;
  doc.commentBefore = header;
  return doc.toString({ lineWidth: 0 });
}

/** The first line of a values file: editors (yaml-language-server) validate it against this schema. */
export const schemaModeline = (schemaPath: string) => ` yaml-language-server: $schema=${schemaPath}`;

/**
 * A profile's values file at `path` in the chart: the schema modeline, its description, then the
 * values it overrides.
 */
export function profileYaml(profile: Profile, header: string, path: string): string {
  const doc = new Document(profile.values);
  const usage = `helm install cryptoflow ./chart --values chart/${path}`;
  const description = wrap(profile.description, 96).map((line) => ` ${line}`);
  const schemaPath = `${"../".repeat(path.split("/").length - 1)}values.schema.json`;
  doc.commentBefore = [
    schemaModeline(schemaPath),
    header.replace(/^# /, " ").trimEnd(),
    ...description,
    "",
    `   ${usage}`,
  ].join("\n");
  return doc.toString({ lineWidth: 100 });
}

/** Columns a values.yaml comment line may take, its indentation included. */
const commentWidth = 120;

/** A key's description as the lines of its comment, wrapped to commentWidth at the key's depth (2 spaces a level, then "# "). */
const commentLines = (description: string, depth: number) =>
  wrap(description, commentWidth - 2 * depth - 2)
    .map((line) => ` ${line}`)
    .join("\n");
