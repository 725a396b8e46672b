// `npm run sign -- oci://HOST[:PORT]/PATH [--key cosign.key [--no-tlog]] [--plain-http]`: signs, with
// cosign, the chart version that `npm run publish` pushed there, by its digest: a tag can be moved,
// a digest names the bytes. Without --key cosign signs keyless (in CI, with the job's OIDC token).
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { chartDir } from "../chart/folder.ts";
import { runMain } from "../entry.ts";
import { archiveDrift } from "./archive-contents.ts";
import { type ChartIdentity, chartIdentity } from "./chart-archive.ts";
import { cosignError, runCosign, sharedFailure } from "./cosign-cli.ts";
import { readableKey } from "./cosign-key.ts";
import { runHelm } from "./helm-cli.ts";
import { classify, failureMessage } from "./registry-errors.ts";
import { withRegistryLogin } from "./registry-login.ts";
import { parseReference } from "./registry-reference.ts";

const usage = "usage: npm run sign -- oci://HOST[:PORT]/PATH [--key cosign.key [--no-tlog]] [--plain-http]";

/** The digest the registry serves for the version, after checking its files are chart/'s. */
function publishedDigest(
  chart: ChartIdentity,
  chartRef: string,
  registry: string,
  plainHttp: string[],
  env: NodeJS.ProcessEnv,
): string {
  const { version } = chart;
  const into = mkdtempSync(join(tmpdir(), "cryptoflow-sign-"));
  try {
    const pulled = runHelm(["pull", chartRef, "--version", version, "--destination", into, ...plainHttp], { env });
    if (pulled.status !== 0) {
      if (classify(pulled) === "not-found") {
        throw new Error(
          `chart version not in the registry: ${chartRef}:${version} was not found; run \`npm run publish\` first`,
        );
      }
      throw new Error(failureMessage(classify(pulled), registry, pulled));
    }
    const digest = `${pulled.stdout}\n${pulled.stderr}`.match(/Digest:\s*(sha256:[0-9a-f]{64})/)?.[1];
    if (!digest) throw new Error(`helm pull gave no digest for ${chartRef}:${version}`);
    const [archive] = readdirSync(into);
    const drift = archiveDrift(join(into, archive), chartDir, chart.name);
    if (drift.length > 0) {
      throw new Error(
        `not this checkout's chart: ${chartRef}:${version} (${digest}) differs from chart/ in ${drift.length} file(s) (${drift.slice(0, 5).join(", ")}); publish chart/ before signing it`,
      );
    }
    return digest;
  } finally {
    rmSync(into, { recursive: true, force: true });
  }
}

function signFailure(result: ReturnType<typeof runCosign>, key: string | undefined, registry: string): string {
  const known = sharedFailure(result, registry);
  if (known) return known;
  if (key && /decryption failed/.test(result.stderr)) {
    return `wrong password for ${key}: COSIGN_PASSWORD does not decrypt it; set it to the password given to \`cosign generate-key-pair\``;
  }
  if (key && /reading key: /.test(result.stderr)) {
    return `key unreadable: ${key} is not a cosign private key (${cosignError(result).replace(/^.*reading key: /, "")}); pass the cosign.key that \`cosign generate-key-pair\` wrote`;
  }
  return `cosign sign failed: ${cosignError(result)}`;
}

function main(): void {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      key: { type: "string" },
      "no-tlog": { type: "boolean", default: false },
      "plain-http": { type: "boolean", default: false },
    },
  });
  if (positionals.length !== 1) throw new Error(usage);
  const { reference, registry, repository } = parseReference(positionals[0], usage);
  const key = values.key;
  if (values["no-tlog"] && !key) {
    throw new Error(
      "--no-tlog needs --key: a keyless signature's short-lived certificate is only trusted through the transparency log",
    );
  }
  if (key) readableKey(key, "private");
  if (key && !key.includes("://") && process.env.COSIGN_PASSWORD === undefined) {
    throw new Error(`COSIGN_PASSWORD is not set: export the password of ${key} (empty for a key made without one)`);
  }
  const chart = chartIdentity();
  const chartRef = `${reference}/${chart.name}`;
  const plainHttp = values["plain-http"] ? ["--plain-http"] : [];
  withRegistryLogin(registry, plainHttp, (env) => {
    const digest = publishedDigest(chart, chartRef, registry, plainHttp, env);
    const args = ["sign", "--yes"];
    if (key) args.push("--key", key);
    // Offline: no Rekor upload, and no signing config fetched from Sigstore's TUF repository.
    if (values["no-tlog"]) args.push("--tlog-upload=false", "--use-signing-config=false");
    if (values["plain-http"]) args.push("--allow-http-registry");
    const signed = runCosign([...args, `${repository}/${chart.name}@${digest}`], { env, interactive: !key });
    if (signed.status !== 0) throw new Error(signFailure(signed, key, registry));
    console.log(`signed: ${chartRef}@${digest} (${chart.name} ${chart.version})`);
    const how = key ? `key ${key}` : "keyless (a Fulcio certificate for this job's identity)";
    const log = values["no-tlog"] ? "not in a transparency log" : "recorded in the Rekor transparency log";
    console.log(`signature: ${how}, ${log}, stored next to the chart in ${repository}/${chart.name}`);
  });
}

runMain(main);
