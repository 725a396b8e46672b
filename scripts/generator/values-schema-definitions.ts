// values.schema.json's `definitions`: each block the values repeat (schema/values/shared.ts) said
// once and pointed to from every place it is used, so the file stays self-contained and a
// validator compiles one copy instead of nine.
import { definitionName } from "../../schema/values/shared.ts";

export interface SchemaNode {
  properties?: Record<string, SchemaNode>;
  description?: string;
  default?: unknown;
  [definitionName]?: string;
  [keyword: string]: unknown;
}

interface Copy {
  node: SchemaNode;
  /** Where the copy is, as a dotted values path, for error messages. */
  path: string;
}

/** Every marked block of `node`, by definition name, in the order values.yaml lists them. */
function copiesOf(node: unknown, path: string, found = new Map<string, Copy[]>()): Map<string, Copy[]> {
  if (typeof node !== "object" || node === null) return found;
  const name = (node as SchemaNode)[definitionName];
  if (name) found.set(name, [...(found.get(name) ?? []), { node: node as SchemaNode, path }]);
  for (const [keyword, child] of Object.entries(node)) {
    if (keyword !== "properties") copiesOf(child, path, found);
    else for (const [key, property] of Object.entries(child)) copiesOf(property, path ? `${path}.${key}` : key, found);
  }
  return found;
}

/** What values.yaml would hold for a block: its default, or each key's, through nested properties. */
function defaultsOf(node: SchemaNode): unknown {
  if ("default" in node) return node.default;
  if (!node.properties) return undefined;
  const defaults = Object.entries(node.properties)
    .map(([key, child]) => [key, defaultsOf(child)])
    .filter(([, value]) => value !== undefined);
  return defaults.length ? Object.fromEntries(defaults) : undefined;
}

/** A block without the defaults defaultsOf reads: the shape its copies share. */
function withoutDefaults(node: SchemaNode): SchemaNode {
  const { default: _default, properties, ...rest } = node;
  if (!properties) return rest;
  return {
    ...rest,
    properties: Object.fromEntries(Object.entries(properties).map(([key, child]) => [key, withoutDefaults(child)])),
  };
}

/** `node` with each block of a shared definition replaced by a reference, deep. */
function referencing(node: unknown, sites: Map<SchemaNode, SchemaNode>): unknown {
  if (typeof node !== "object" || node === null) return node;
  const site = sites.get(node as SchemaNode);
  if (site) return site;
  if (Array.isArray(node)) return node.map((item) => referencing(item, sites));
  return Object.fromEntries(Object.entries(node).map(([key, child]) => [key, referencing(child, sites)]));
}

/**
 * `root` with each shared block used more than once said once under `definitions`. A use site
 * keeps what is its own: its description and, when the copies' defaults differ (a probe's timings
 * per component), its defaults as one object; editors show both. Draft-07 ignores the siblings of
 * `$ref`, so a use site puts its reference in `allOf`. Copies that differ in anything else are an
 * error: they are not one block.
 */
export function withDefinitions(root: SchemaNode): SchemaNode {
  const shared = [...copiesOf(root, "")].filter(([, copies]) => copies.length > 1);
  const sites = new Map<SchemaNode, SchemaNode>();
  const bodies: [string, SchemaNode][] = [];
  for (const [name, copies] of shared) {
    const sameDefaults = new Set(copies.map(({ node }) => JSON.stringify(defaultsOf(node)))).size === 1;
    const shapes = copies.map(({ node }) => {
      const { description: _description, ...body } = node;
      return sameDefaults ? body : withoutDefaults(body);
    });
    const differing = shapes.findIndex((shape) => JSON.stringify(shape) !== JSON.stringify(shapes[0]));
    if (differing !== -1) {
      throw new Error(
        `values schema: the ${name} blocks at ${copies[0].path} and ${copies[differing].path} differ in more than their defaults and description`,
      );
    }
    bodies.push([name, shapes[0]]);
    for (const { node } of copies) {
      const defaults = defaultsOf(node);
      sites.set(node, {
        ...(node.description === undefined ? {} : { description: node.description }),
        ...(sameDefaults || defaults === undefined ? {} : { default: defaults }),
        allOf: [{ $ref: `#/definitions/${name}` }],
      });
    }
  }
  // A body's own shared blocks, should it hold any, are references too.
  const definitions = Object.fromEntries(bodies.map(([name, body]) => [name, referencing(body, sites)]));
  return { ...(referencing(root, sites) as SchemaNode), ...(bodies.length ? { definitions } : {}) };
}
