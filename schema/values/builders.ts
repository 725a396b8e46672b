// The builders every values block is made of, one per kind of key: each takes the key's
// description and default, so a block reads as a list of keys.
import { type TProperties, type TSchema, Type } from "@sinclair/typebox";
import * as pattern from "../patterns.ts";

/**
 * The properties of an object block, each description led by its key ("replicaCount: …"): the
 * form values.yaml's comments and the README's table show, so the key is written only once.
 */
export function keyed<T extends TProperties>(properties: T): T {
  return Object.fromEntries(
    Object.entries(properties).map(([key, schema]) => [
      key,
      schema.description === undefined ? schema : { ...schema, description: `${key}: ${schema.description}` },
    ]),
  ) as T;
}

/** Our own objects: a misspelt key is an error, not a silently ignored setting. */
export const strict = <T extends TProperties>(description: string, properties: T) =>
  Type.Object(keyed(properties), { description, additionalProperties: false });

/** A Kubernetes block passed through as it is (affinity, securityContext, …). */
export const passThrough = (description: string, defaultValue: Record<string, unknown> = {}) =>
  Type.Record(Type.String(), Type.Unknown(), { description, default: defaultValue });

export const text = (description: string, defaultValue: string, shape?: string) =>
  Type.String({ description, default: defaultValue, ...(shape ? { pattern: shape } : {}) });

export const flag = (description: string, defaultValue: boolean) =>
  Type.Boolean({ description, default: defaultValue });

export const count = (description: string, defaultValue: number, minimum = 0) =>
  Type.Integer({ description, default: defaultValue, minimum });

export const oneOf = <T extends string>(description: string, choices: readonly T[], defaultValue: T) =>
  Type.Unsafe<T>({ type: "string", enum: [...choices], description, default: defaultValue });

export const portNumber = (description: string, defaultValue: number) =>
  Type.Integer({ description, default: defaultValue, minimum: 1, maximum: 65535 });

export const stringMap = (description: string) =>
  Type.Record(Type.String(), Type.String(), { description, default: {} });

export const quantityValue = Type.Union([Type.String({ pattern: pattern.quantity }), Type.Number({ minimum: 0 })], {
  description: "a Kubernetes quantity such as 250m, 0.5, 512Mi or 2Gi",
});

/** An object whose named fields are checked and whose other keys pass (a Kubernetes body, a parent chart's globals). */
export const openObject = <T extends TProperties>(description: string, properties: T) =>
  Type.Object(keyed(properties), { description, additionalProperties: true });

export const list = <T extends TSchema>(description: string, item: T) => Type.Array(item, { description, default: [] });

/** A label value: at most 63 characters, alphanumeric at both ends. */
export const labelValue = Type.String({ pattern: pattern.labelValue, maxLength: 63 });

/** An int-or-percent field of a rolling update (`1`, `25%`). */
export const intOrPercent = (description: string, defaultValue: number) =>
  Type.Union([Type.Integer({ minimum: 0 }), Type.String({ pattern: "^[0-9]+%$" })], {
    description,
    default: defaultValue,
  });
