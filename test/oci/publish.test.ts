// `npm run publish` against a real registry without auth, with each Helm major: what users
// then get from `oci://` must be exactly what was packaged from chart/.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { chartDir } from "../../scripts/chart/folder.ts";
import { kubeVersion } from "../../scripts/chart/helm-template.ts";
import { freePort } from "../../scripts/cluster/processes.ts";
import { archivePath, chartIdentity } from "../../scripts/oci/chart-archive.ts";
import { helmBinaries } from "../../scripts/tools.ts";
import { tamper } from "./archive-edit.ts";
import { chartFile, expectOneLineError, expectSuccess, fixedPasswords } from "./expectations.ts";
import { type HelmHome, helmHome, type RunResult } from "./helm-home.ts";
import { type Registry, startRegistry } from "./registry-server.ts";

const chart = chartIdentity();

describe.each(helmBinaries())("publish to a registry without auth (helm $version)", (helm) => {
  let registry: Registry | undefined;
  let home: HelmHome;
  let dist: string;
  let reference: string;
  let published: RunResult;
  const chartRef = () => `${reference}/${chart.name}`;

  beforeAll(async () => {
    home = helmHome(helm.path);
    registry = await startRegistry();
    dist = join(home.dir, "dist");
    expectSuccess(home.script("package", ["--destination", dist]));
    reference = `oci://${registry.host}/charts`;
    published = home.script("publish", [reference, "--plain-http", "--destination", dist]);
  });
  afterAll(async () => {
    await registry?.stop();
    home?.remove();
  });

  it("prints the reference and the digest the registry serves", async () => {
    expectSuccess(published);
    expect(published.stdout).toContain(`reference: ${chartRef()}:${chart.version}\n`);
    expect(published.stdout).toContain(`install: helm install cryptoflow ${chartRef()} --version ${chart.version}\n`);
    const digest = published.stdout.match(/^digest: (sha256:[0-9a-f]{64})$/m)?.[1];
    const manifest = await fetch(`http://${registry?.host}/v2/charts/${chart.name}/manifests/${chart.version}`, {
      headers: { Accept: "application/vnd.oci.image.manifest.v1+json" },
    });
    expect(manifest.status).toBe(200);
    expect(manifest.headers.get("docker-content-digest")).toBe(digest);
  });

  it("serves Chart.yaml and values.yaml through helm show", () => {
    const shown = home.helm(["show", "chart", chartRef(), "--version", chart.version, "--plain-http"]);
    expectSuccess(shown);
    expect(parse(shown.stdout)).toEqual(parse(chartFile("Chart.yaml")));
    const values = home.helm(["show", "values", chartRef(), "--version", chart.version, "--plain-http"]);
    expectSuccess(values);
    expect(values.stdout.trimEnd()).toBe(chartFile("values.yaml").trimEnd());
  });

  it("helm pull downloads the very bytes that were pushed", () => {
    const into = join(home.dir, "pulled");
    mkdirSync(into);
    expectSuccess(home.helm(["pull", chartRef(), "--version", chart.version, "--plain-http", "--destination", into]));
    const pulled = readFileSync(archivePath(into, chart));
    expect(pulled.equals(readFileSync(archivePath(dist, chart)))).toBe(true);
  });

  it("helm template from oci:// renders what ./chart renders", () => {
    const args = ["template", "cryptoflow", "--kube-version", kubeVersion, ...fixedPasswords];
    const remote = home.helm([
      ...args.slice(0, 2),
      chartRef(),
      "--version",
      chart.version,
      "--plain-http",
      ...args.slice(2),
    ]);
    const local = home.helm([...args.slice(0, 2), chartDir, ...args.slice(2)]);
    expectSuccess(remote);
    expectSuccess(local);
    expect(remote.stdout).toContain("kind: Deployment");
    expect(remote.stdout).toBe(local.stdout);
  });

  it("refuses to publish the same version twice, unless --force", async () => {
    const again = home.script("publish", [reference, "--plain-http", "--destination", dist]);
    expectOneLineError(again, new RegExp(`version already there: .*${chart.name}:${chart.version}.*--force`));
    const forced = home.script("publish", [reference, "--plain-http", "--force", "--destination", dist]);
    expectSuccess(forced);
    expect(forced.stdout).toMatch(/^digest: sha256:/m);
  });

  it("says when the chart was not packaged", () => {
    const empty = join(home.dir, "empty-dist");
    const result = home.script("publish", [reference, "--plain-http", "--destination", empty]);
    expectOneLineError(result, /chart not packaged: .*run `npm run package`/);
  });

  it("refuses an archive that no longer matches chart/", () => {
    const old = join(home.dir, "old-dist");
    mkdirSync(old);
    writeFileSync(archivePath(old, chart), tamper(readFileSync(archivePath(dist, chart))));
    const result = home.script("publish", [`${reference}-old`, "--plain-http", "--destination", old]);
    expectOneLineError(
      result,
      /package is stale: .* differs from chart\/ in 1 file\(s\) \(values\.yaml\); run `npm run package`/,
    );
  });

  it("says when the registry is unreachable", async () => {
    const closed = await freePort();
    const result = home.script("publish", [`oci://127.0.0.1:${closed}/charts`, "--plain-http", "--destination", dist]);
    expectOneLineError(result, new RegExp(`registry unreachable: could not talk to 127\\.0\\.0\\.1:${closed}`));
  });

  it("rejects a reference that is not oci://", () => {
    const result = home.script("publish", [`https://${registry?.host}/charts`, "--destination", dist]);
    expectOneLineError(result, /expected an oci:\/\/ reference/);
  });
});
