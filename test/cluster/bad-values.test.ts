// Bad values against a real API server: `helm install` refuses every file of the corpus with an
// error naming the key, and leaves no release and no object behind. Helm 3 cannot dry-run an
// install without a cluster, so this is where its install path is checked.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chartDir } from "../../scripts/chart/folder.ts";
import { badValues } from "../bad-values.ts";
import { helmsUnderTest, releaseObjects } from "./chart.ts";
import { clusterForThisFile, createRestrictedNamespace, uniqueNamespace } from "./cluster.ts";
import { type HelmRunner, helmRunner } from "./helm.ts";

const cluster = clusterForThisFile();

describe.each(helmsUnderTest())("helm $version install refuses bad values", (binary) => {
  let helm: HelmRunner;
  const namespace = uniqueNamespace(`bad-values-h${binary.major}`);

  beforeAll(async () => {
    helm = helmRunner(binary, cluster);
    await createRestrictedNamespace(cluster, namespace);
  });
  afterAll(() => helm?.cleanup());

  it.each(badValues)("refuses $file with --dry-run, naming $key", async ({ path, key, explains }) => {
    const result = await helm.run(namespace, ["install", "cryptoflow", chartDir, "--values", path, "--dry-run"]);
    expect(result.exitCode).not.toBe(0);
    expect(result.stdout).not.toMatch(/^kind:/m);
    expect(explains(result.stderr), `error does not name ${key}:\n${result.stderr}`).toBe(true);
  });

  it("refuses a real install of a bad values file and leaves nothing behind", async () => {
    const [first] = badValues;
    const result = await helm.run(namespace, ["install", "cryptoflow", chartDir, "--values", first.path]);
    expect(result.exitCode).not.toBe(0);
    expect(first.explains(result.stderr), result.stderr).toBe(true);
    expect(await releaseObjects(cluster, namespace, "cryptoflow")).toEqual([]);
    const list = await helm.run(namespace, ["list", "--all", "--short"]);
    expect(list.stdout.trim()).toBe("");
  });
});
