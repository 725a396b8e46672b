// `npm run publish -- oci://HOST[:PORT]/PATH [--force] [--plain-http] [--destination DIR]`:
// pushes dist/<chart>-<version>.tgz (and its .prov when signed), refusing to replace a version
// that is already in the registry: users pin chart versions and expect them never to change.
import { existsSync } from "node:fs";
import { relative } from "node:path";
import { parseArgs } from "node:util";
import { chartDir } from "../chart/folder.ts";
import { runMain } from "../entry.ts";
import { archiveDrift } from "./archive-contents.ts";
import { archivePath, chartIdentity, defaultDestination, provenancePath } from "./chart-archive.ts";
import { helmError, runHelm } from "./helm-cli.ts";
import { classify, failureMessage } from "./registry-errors.ts";
import { withRegistryLogin } from "./registry-login.ts";
import { parseReference } from "./registry-reference.ts";

const usage = "usage: npm run publish -- oci://HOST[:PORT]/PATH [--force] [--plain-http] [--destination DIR]";

function main(): void {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      force: { type: "boolean", default: false },
      "plain-http": { type: "boolean", default: false },
      destination: { type: "string", default: defaultDestination },
    },
  });
  if (positionals.length !== 1) throw new Error(usage);
  const { reference, registry } = parseReference(positionals[0], usage);
  const chart = chartIdentity();
  const archive = archivePath(values.destination, chart);
  if (!existsSync(archive)) {
    throw new Error(
      `chart not packaged: ${relative(process.cwd(), archive)} does not exist; run \`npm run package\` first`,
    );
  }
  const drift = archiveDrift(archive, chartDir, chart.name);
  if (drift.length > 0) {
    throw new Error(
      `package is stale: ${relative(process.cwd(), archive)} differs from chart/ in ${drift.length} file(s) (${drift.slice(0, 5).join(", ")}); run \`npm run package\` again`,
    );
  }
  const plainHttp = values["plain-http"] ? ["--plain-http"] : [];
  const target = `${reference}/${chart.name}:${chart.version}`;
  withRegistryLogin(registry, plainHttp, (env) => {
    // Also the first contact with the registry, so unreachable and refused show up here.
    const chartRef = `${reference}/${chart.name}`;
    const existing = runHelm(["show", "chart", chartRef, "--version", chart.version, ...plainHttp], { env });
    if (existing.status === 0 && !values.force) {
      throw new Error(
        `version already there: ${target} exists and chart versions are immutable; bump the chart version (or pass --force to overwrite)`,
      );
    }
    if (existing.status !== 0) {
      const failure = classify(existing);
      if (failure !== "not-found") throw new Error(failureMessage(failure, registry, existing));
    }
    const pushed = runHelm(["push", archive, reference, ...plainHttp], { env });
    if (pushed.status !== 0) throw new Error(failureMessage(classify(pushed), registry, pushed));
    const digest = `${pushed.stdout}\n${pushed.stderr}`.match(/Digest:\s*(sha256:[0-9a-f]{64})/)?.[1];
    if (!digest) throw new Error(`helm push gave no digest: ${helmError(pushed)}`);
    console.log(`reference: ${target}`);
    console.log(`digest: ${digest}`);
    console.log(`install: helm install ${chart.name} ${chartRef} --version ${chart.version}`);
    if (existsSync(provenancePath(archive))) console.log("provenance: pushed with the chart (verify with --verify)");
  });
}

runMain(main);
