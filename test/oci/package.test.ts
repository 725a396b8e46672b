// `npm run package`: a lint-clean, up-to-date chart/ becomes dist/<name>-<version>.tgz; a chart/
// that `npm run generate` would change is refused, and the check leaves chart/ as it found it.
import { spawnSync } from "node:child_process";
import {
  appendFileSync,
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { archivePath, chartIdentity } from "../../scripts/oci/chart-archive.ts";
import { projectRoot } from "../../scripts/project-root.ts";
import { helmBinaries } from "../../scripts/tools.ts";
import { chartFile, expectOneLineError, expectSuccess } from "./expectations.ts";
import { helmHome } from "./helm-home.ts";

const chart = chartIdentity();

describe.each(helmBinaries())("npm run package (helm $version)", (helm) => {
  const home = helmHome(helm.path);
  afterAll(() => home.remove());

  it("writes <name>-<version>.tgz from Chart.yaml, holding chart/'s values", () => {
    const dist = join(home.dir, "dist");
    const result = home.script("package", ["--destination", dist]);
    expectSuccess(result);
    expect(readdirSync(dist)).toEqual([`${chart.name}-${chart.version}.tgz`]);
    expect(result.stdout).toContain(`${chart.name}-${chart.version}.tgz`);
    const values = home.helm(["show", "values", archivePath(dist, chart)]);
    expect(values.stdout.trimEnd()).toBe(chartFile("values.yaml").trimEnd());
  });
});

describe("npm run package on a stale chart", () => {
  // A copy of the project, so the test can make chart/ stale without touching the real one.
  const copy = mkdtempSync(join(tmpdir(), "cryptoflow-stale-"));
  afterAll(() => rmSync(copy, { recursive: true, force: true }));

  it("refuses, names the stale file, and leaves chart/ unchanged", () => {
    for (const entry of readdirSync(projectRoot)) {
      if ([".git", "node_modules", ".tools", "dist", "coverage"].includes(entry)) continue;
      cpSync(join(projectRoot, entry), join(copy, entry), { recursive: true });
    }
    symlinkSync(join(projectRoot, "node_modules"), join(copy, "node_modules"), "dir");
    const edited = join(copy, "chart", "values.yaml");
    appendFileSync(edited, "# edited by hand\n");
    const before = readFileSync(edited, "utf8");
    const dist = join(copy, "dist");
    const home = helmHome(helmBinaries()[0].path);
    const run = spawnSync(join(projectRoot, "node_modules", ".bin", "tsx"), ["scripts/oci/package.ts"], {
      cwd: copy,
      env: home.env,
      encoding: "utf8",
      timeout: 180_000,
    });
    home.remove();
    expectOneLineError(
      { status: run.status ?? 1, stdout: run.stdout, stderr: run.stderr },
      /chart\/ is stale: `npm run generate` would change 1 file\(s\) \(values\.yaml\)/,
    );
    expect(readFileSync(edited, "utf8")).toBe(before);
    expect(existsSync(dist)).toBe(false);
  });
});
