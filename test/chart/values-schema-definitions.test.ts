// How values.schema.json says a repeated block once: the copies' shared shape under
// `definitions`, each use site keeping its own description and, where they differ, its defaults.
import { Type } from "@sinclair/typebox";
import { describe, expect, it } from "vitest";
import { shared } from "../../schema/values/shared.ts";
import { type SchemaNode, withDefinitions } from "../../scripts/generator/values-schema-definitions.ts";

const timings = (description: string, period: number) =>
  shared(
    "timings",
    Type.Object(
      {
        enabled: Type.Boolean({ description: "enabled: on", default: true }),
        periodSeconds: Type.Integer({ description: "periodSeconds: between checks", default: period, minimum: 1 }),
      },
      { description, additionalProperties: false },
    ),
  );

const json = (node: unknown) => JSON.parse(JSON.stringify(node));

describe("withDefinitions", () => {
  it("defines a block once and gives each use its description and its own defaults", () => {
    const root = Type.Object({ api: timings("api: fast", 5), worker: timings("worker: slow", 30) });
    const result = json(withDefinitions(root as SchemaNode));
    expect(result.properties.api).toEqual({
      description: "api: fast",
      default: { enabled: true, periodSeconds: 5 },
      allOf: [{ $ref: "#/definitions/timings" }],
    });
    expect(result.properties.worker.default).toEqual({ enabled: true, periodSeconds: 30 });
    expect(result.definitions.timings.additionalProperties).toBe(false);
    expect(result.definitions.timings.properties.periodSeconds).toEqual({
      description: "periodSeconds: between checks",
      minimum: 1,
      type: "integer",
    });
  });

  it("keeps the defaults in the definition when every copy has the same", () => {
    const root = Type.Object({ api: timings("api: a", 10), worker: timings("worker: b", 10) });
    const result = json(withDefinitions(root as SchemaNode));
    expect(result.properties.api).toEqual({ description: "api: a", allOf: [{ $ref: "#/definitions/timings" }] });
    expect(result.definitions.timings.properties.periodSeconds.default).toBe(10);
  });

  it("leaves a block used once where it is", () => {
    const root = Type.Object({ api: timings("api: a", 10) });
    expect(json(withDefinitions(root as SchemaNode))).toEqual(json(root));
  });

  it("refuses copies that differ in more than defaults and description", () => {
    const other = shared("timings", Type.Object({ enabled: Type.Boolean({ description: "enabled: on" }) }));
    const root = Type.Object({ api: timings("api: a", 10), worker: other });
    expect(() => withDefinitions(root as SchemaNode)).toThrow(
      "the timings blocks at api and worker differ in more than their defaults and description",
    );
  });
});
