// Bad values are refused with an error that names the key, and nothing is rendered.
// Each file in test/fixtures/bad-values starts with `# names: <key>`: the key its error must name.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../scripts/tools.ts";
import { namesKey } from "../errors.ts";
import { chartDir, helmFailure, helms, templateArgs } from "../render.ts";

const fixturesDir = join(projectRoot, "test", "fixtures", "bad-values");
const fixtures = readdirSync(fixturesDir)
  .filter((file) => file.endsWith(".yaml"))
  .sort()
  .map((file) => {
    const path = join(fixturesDir, file);
    const key = readFileSync(path, "utf8").match(/^# names: (\S+)/)?.[1];
    if (!key) throw new Error(`${file} must start with "# names: <key>"`);
    return { file, path, key };
  });

describe.each(helms)("bad values with helm $version", (helm) => {
  it("has a corpus of bad values files", () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(30);
  });

  it.each(fixtures)("refuses $file in helm template, naming $key, and renders nothing", async ({ path, key }) => {
    const { stdout, stderr } = await helmFailure(helm, templateArgs({ values: [path] }));
    expect(stdout).toBe("");
    expect(namesKey(stderr, key), `error does not name ${key}:\n${stderr}`).toBe(true);
  });

  // Helm 3's install contacts the cluster even for a client-side dry run: the cluster suite covers it there.
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
