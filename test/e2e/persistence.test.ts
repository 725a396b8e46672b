// The staging profile on the real node, as a team runs it: each datastore on its own volume from
// the node's StorageClass. Installed with the previous chart version, one piece of data per
// datastore survives every change a release goes through (the upgrade to this version with
// changed values, a rollback to the previous version, each datastore pod deleted, an uninstall
// and a second install), the passwords never change, and an upgrade that would lose the data is
// refused before anything changes.
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chartDir } from "../../scripts/chart/folder.ts";
import { waitFor } from "../../scripts/cluster/wait.ts";
import { previousChart } from "../cluster/previous-chart.ts";
import { datastores } from "../expectations.ts";
import { helms } from "../render.ts";
import { expectedKeepsakes, readKeepsakes, writeKeepsakes } from "./keepsakes.ts";
import { getJson, kubectl, kubectlOk } from "./kubectl.ts";
import { installRelease, podOf, podsOf, type Release, releaseName, uninstallRelease } from "./release.ts";

const binary = helms.at(-1);
if (!binary) throw new Error("no helm binary to test with");
const namespace = `e2e-staging-${randomBytes(2).toString("hex")}`;
const token = `kept-${randomBytes(4).toString("hex")}`;
const staging = ["--values", join(chartDir, "profiles", "staging.yaml")];

/** The release's passwords as stored (the other keys of its Secret differ between chart versions). */
async function storedPasswords(): Promise<Record<string, string>> {
  const { data } = await getJson<{ data: Record<string, string> }>(namespace, ["secret", "cryptoflow-secrets"]);
  return Object.fromEntries(Object.entries(data).filter(([key]) => key.endsWith("_PASSWORD")));
}

const previous = previousChart();
if (!previous.found) throw new Error(`no previous chart version to upgrade from: ${previous.reason}`);

/** Waits (4 min at most) for every pod of the release Running and Ready, and the old pods `replaced` names gone. */
async function allReady(replaced: Record<string, string> = {}): Promise<void> {
  const gone = Object.keys(replaced);
  const what = `every pod Running and Ready${gone.length ? `, the old ${gone.join(", ")} pods gone` : ""}`;
  await waitFor(
    what,
    async () => {
      const pods = await podsOf(namespace);
      const live = pods.filter((p) => p.status.phase === "Running" && !p.metadata.deletionTimestamp);
      return (
        live.length > 0 &&
        pods.every((p) => p.status.phase === "Running" || p.status.phase === "Succeeded") &&
        live.every((p) => p.status.containerStatuses?.every((c) => c.ready)) &&
        Object.values(replaced).every((old) => !pods.some((p) => p.metadata.name === old))
      );
    },
    240_000,
    1000,
  );
}

async function datastorePods(): Promise<Record<string, string>> {
  return Object.fromEntries(await Promise.all(datastores.map(async (d) => [d, await podOf(namespace, d)])));
}

describe("the staging profile keeps its data on the real node", () => {
  let release: Release;
  let passwords: Record<string, string>;

  const helm = (args: string[]) => release.helm.run([...args, "--namespace", namespace], 8 * 60_000);

  /** `helm upgrade --reuse-values --set <set>`, which must fail naming the key it sets; helm's stderr. */
  async function refusedUpgrade(set: string): Promise<string> {
    const result = await helm(["upgrade", releaseName, chartDir, "--reuse-values", "--set", set]);
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toContain(set.split("=", 1)[0]);
    return result.stderr;
  }

  beforeAll(async () => {
    const previousStaging = ["--values", join(previous.chartDir, "profiles", "staging.yaml")];
    release = await installRelease(binary, namespace, previousStaging, { chart: previous.chartDir });
    console.log(
      `helm ${binary.version}: chart ${previous.version}'s staging profile Ready in ${release.installSeconds.toFixed(0)}s`,
    );
    passwords = await storedPasswords();
    expect(Object.keys(passwords).sort()).toEqual(["POSTGRES_PASSWORD", "RABBITMQ_PASSWORD", "REDIS_PASSWORD"]);
  }, 12 * 60_000);

  afterAll(async () => {
    if (!release) return;
    await uninstallRelease(release);
  }, 6 * 60_000);

  it("puts each datastore on a bound volume of the node's StorageClass", async () => {
    const claims = await getJson<{ items: { metadata: { name: string }; status: { phase: string } }[] }>(namespace, [
      "pvc",
    ]);
    expect(claims.items.map((c) => `${c.metadata.name} ${c.status.phase}`).sort()).toEqual(
      datastores.map((d) => `${d} Bound`).sort(),
    );
    await writeKeepsakes(namespace, token);
    expect(await readKeepsakes(namespace)).toEqual(expectedKeepsakes(token));
  });

  it(`keeps the data and the passwords through \`helm upgrade\` from ${previous.version} to this chart with changed values, which replaces every datastore pod`, async () => {
    const before = await datastorePods();
    const annotations = datastores.flatMap((d) => ["--set", `${d}.podAnnotations.e2e/upgraded=yes`]);
    const result = await helm([
      "upgrade",
      releaseName,
      chartDir,
      ...staging,
      ...annotations,
      "--wait",
      "--timeout",
      "6m",
    ]);
    expect(result.exitCode, result.stderr).toBe(0);
    await allReady(before);
    expect(await readKeepsakes(namespace)).toEqual(expectedKeepsakes(token));
    expect(await storedPasswords()).toEqual(passwords);
  });

  it(`keeps them through \`helm rollback\` to the first revision, chart ${previous.version}`, async () => {
    const before = await datastorePods();
    const result = await helm(["rollback", releaseName, "1", "--wait", "--timeout", "6m"]);
    expect(result.exitCode, result.stderr).toBe(0);
    await allReady(before);
    expect(await readKeepsakes(namespace)).toEqual(expectedKeepsakes(token));
    expect(await storedPasswords()).toEqual(passwords);
  });

  it("keeps them when each datastore pod is deleted and comes back", async () => {
    for (const datastore of datastores) {
      const old = await podOf(namespace, datastore);
      await kubectlOk(["-n", namespace, "delete", "pod", old, "--wait=true", "--timeout=120s"]);
      await allReady({ [datastore]: old });
    }
    expect(await readKeepsakes(namespace)).toEqual(expectedKeepsakes(token));
    expect(await storedPasswords()).toEqual(passwords);
  });

  it("refuses an upgrade that would move a datastore to emptyDir, naming the key, and changes nothing", async () => {
    await refusedUpgrade("redis.persistence.enabled=false");
    const history = await helm(["history", releaseName, "-o", "json"]);
    expect((JSON.parse(history.stdout) as { status: string }[]).at(-1)?.status).toBe("deployed");
    expect(await readKeepsakes(namespace)).toEqual(expectedKeepsakes(token));
  });

  it("refuses to grow a volume the node's StorageClass cannot expand, naming the key and the class", async () => {
    const stderr = await refusedUpgrade("postgres.persistence.size=20Gi");
    const claim = await getJson<{ spec: { storageClassName: string; resources: { requests: { storage: string } } } }>(
      namespace,
      ["pvc", "postgres"],
    );
    // On the tests' node the class is local-path, which cannot expand volumes.
    expect(stderr).toContain(`StorageClass "${claim.spec.storageClassName}" does not allow volume expansion`);
    expect(claim.spec.resources.requests.storage).not.toBe("20Gi");
  });

  it("gets the data and the passwords back when installed again after `helm uninstall`, from the kept volumes and Secret", async () => {
    const uninstalled = await helm(["uninstall", releaseName, "--wait", "--timeout", "3m"]);
    expect(uninstalled.exitCode, uninstalled.stderr).toBe(0);
    const kept = await kubectl(["-n", namespace, "get", "pvc,secret", "-o", "name"]);
    for (const datastore of datastores) expect(kept.stdout).toContain(`persistentvolumeclaim/${datastore}`);
    expect(kept.stdout).toContain("secret/cryptoflow-secrets");

    const again = await helm(["install", releaseName, chartDir, ...staging, "--wait", "--timeout", "8m"]);
    expect(again.exitCode, again.stderr).toBe(0);
    await allReady();
    expect(await readKeepsakes(namespace)).toEqual(expectedKeepsakes(token));
    expect(await storedPasswords()).toEqual(passwords);
  });
});
