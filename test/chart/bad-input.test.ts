// Bad values are refused with an error that names the key, and nothing is rendered.
import { describe, expect, it } from "vitest";
import { badValues } from "../bad-values.ts";
import { namesKey } from "../errors.ts";
import { chartDir, helmFailure, helms, templateArgs } from "../render.ts";

const fixtures = badValues;

describe.each(helms)("bad values with helm $version", (helm) => {
  it("has a corpus of bad values files", () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(30);
  });

  it.each(fixtures)("refuses $file in helm template, naming $key, and renders nothing", async ({ path, key }) => {
    const { stdout, stderr } = await helmFailure(helm, templateArgs({ values: [path] }));
    expect(stdout).toBe("");
    expect(namesKey(stderr, key), `error does not name ${key}:\n${stderr}`).toBe(true);
  });

  // Helm 3's install contacts the cluster even for a client-side dry run: test/cluster/bad-values.test.ts covers it.
  if (helm.major === 4)
    it.each(fixtures)("refuses $file in helm install --dry-run=client, naming $key", async ({ path, key }) => {
      const args = ["install", "cryptoflow", chartDir, "--namespace", "default", "--values", path, "--dry-run=client"];
      const { stdout, stderr } = await helmFailure(helm, args);
      expect(stdout).not.toMatch(/^kind:/m);
      expect(namesKey(stderr, key), `error does not name ${key}:\n${stderr}`).toBe(true);
    });

  it.each([
    ["api.replicaCount=-1", "api.replicaCount"],
    ["api.service.nodePorts.http=29999", "api.service.nodePorts.http"],
    ["api.replicas=3", "api.replicas"],
    ["redis.replicaCount=3", "redis.replicaCount"],
  ])("refuses --set %s, naming %s", async (assignment, key) => {
    const { stdout, stderr } = await helmFailure(helm, [...templateArgs(), "--set", assignment]);
    expect(stdout).toBe("");
    expect(namesKey(stderr, key), `error does not name ${key}:\n${stderr}`).toBe(true);
  });
});
