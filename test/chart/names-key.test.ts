// The matcher every bad-values test relies on: it must accept helm's ways of naming a key and
// refuse near misses, or a test could pass on an error about something else.
import { describe, expect, it } from "vitest";
import { namesKey } from "../errors.ts";

const schemaError = (line: string) =>
  `Error: values don't meet the specifications of the schema(s) in the following chart(s):\ncryptoflow:\n- ${line}\n`;

describe("namesKey", () => {
  it.each([
    [schemaError("at '/api/replicaCount': got string, want integer"), "api.replicaCount"],
    [
      schemaError("at '/postgres/persistence': additional properties 'enable' not allowed"),
      "postgres.persistence.enable",
    ],
    [schemaError("at '/api': additional properties 'replicas', 'extra' not allowed"), "api.extra"],
    [schemaError("at '': additional properties 'replicas' not allowed"), "replicas"],
    [schemaError("at '/profile': value must be one of 'local', 'ci'"), "profile"],
    ["Error: execution error at (x): redis.replicaCount is 3: redis runs as a single pod", "redis.replicaCount"],
    [
      "Error: … api.service.nodePorts.http and mcp.service.nodePorts.http both ask for nodePort 30000",
      "mcp.service.nodePorts.http",
    ],
    ["Error: … the Secret named by `existingSecret` lacks REDIS_PASSWORD", "existingSecret"],
  ])("finds the key in %j", (message, key) => {
    expect(namesKey(message, key)).toBe(true);
  });

  it("ends a dotted path at a sentence's full stop", () => {
    expect(namesKey("Error: remove postgres.persistence.existingClaim.", "postgres.persistence.existingClaim")).toBe(
      true,
    );
  });

  it("does not take a longer key for the key: `enable` is not named by `enabled`", () => {
    expect(
      namesKey(
        schemaError("at '/postgres/persistence/enabled': got string, want boolean"),
        "postgres.persistence.enable",
      ),
    ).toBe(false);
    expect(
      namesKey(
        schemaError("at '/networkPolicy': additional properties 'enabled2' not allowed"),
        "networkPolicy.enabled",
      ),
    ).toBe(false);
    expect(namesKey("Error: postgres.persistence.enabled is false", "postgres.persistence.enable")).toBe(false);
    expect(namesKey("Error: postgres.persistence.enabled is false", "persistence.enabled")).toBe(false);
  });

  it("does not take a key's parent or child for the key", () => {
    expect(namesKey(schemaError("at '/api/service/nodePorts/http': must be >= 30000"), "api.service")).toBe(false);
    expect(namesKey("Error: api.service.nodePorts.http is taken", "api.service.nodePorts")).toBe(false);
    expect(namesKey(schemaError("at '/api': additional properties 'replicas' not allowed"), "replicas")).toBe(false);
  });

  it("does not take a word in prose for a one-segment key", () => {
    expect(namesKey("Error: profile is production but postgres.auth.password is empty", "profile")).toBe(false);
    expect(namesKey("Error: the replicas of redis would not share data", "replicas")).toBe(false);
  });

  it("reads a list index written in brackets, as the chart's own checks write it", () => {
    const message =
      "Error: … extraObjects[2] must render to a Kubernetes object with apiVersion, kind and metadata.name";
    expect(namesKey(message, "extraObjects.2")).toBe(true);
    expect(namesKey(message, "extraObjects.1")).toBe(false);
    expect(namesKey("Error: … extraObjects[12] must render", "extraObjects.1")).toBe(false);
    const duplicate = 'Error: … api.sidecars[0].name is "api", as is the chart\'s own in the api pods';
    expect(namesKey(duplicate, "api.sidecars.0.name")).toBe(true);
    expect(namesKey(duplicate, "api.sidecars.0")).toBe(false);
    expect(namesKey(duplicate, "sidecars.0.name")).toBe(false);
  });

  it("does not take a file name for a key", () => {
    const message = "Error: failed to parse /tmp/not-yaml.yaml: error converting YAML to JSON: yaml: line 3";
    expect(namesKey(message, "not-yaml.yaml")).toBe(false);
    expect(namesKey(message, "yaml")).toBe(false);
  });
});
