// Blocks the values repeat in many places: a probe, a container's resources, an image, … The
// TypeBox schema keeps every copy whole, with its own defaults, so values.yaml, the README and
// the `Values` type read it as any other block. values.schema.json says each once, under
// `definitions/<name>`, and points to it from every place it is used
// (scripts/generator/values-schema-definitions.ts).
import type { TSchema } from "@sinclair/typebox";

/** Where a shared block keeps its definition's name: a symbol, so no JSON output shows it. */
export const definitionName: unique symbol = Symbol("values.schema.json definition");

/** Marks `block` as a copy of the definition `name`; its copies may differ only in defaults and description. */
export function shared<T extends TSchema>(name: string, block: T): T {
  return Object.assign(block, { [definitionName]: name });
}
