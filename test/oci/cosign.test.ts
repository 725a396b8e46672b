// `npm run sign` and `npm run verify-signature` on a real registry: a key pair from
// `cosign generate-key-pair` signs the published chart by digest, offline (no transparency log),
// and verification names that digest; it fails for another key, for a version re-pushed with other
// bytes, for the old signature moved onto the new digest (its claim rewritten or not), and behind
// basic auth without credentials. Helm resolves the digest, so signing runs with each major; the
// rejections only involve cosign and run once.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { archivePath, chartIdentity } from "../../scripts/oci/chart-archive.ts";
import { cosignBinary } from "../../scripts/oci/cosign-tool.ts";
import { type HelmBinary, helmBinaries } from "../../scripts/tools.ts";
import { recompress, tamper } from "./archive-edit.ts";
import { type CosignKeyPair, generateKeyPair } from "./cosign-key-pair.ts";
import { expectOneLineError, expectSuccess } from "./expectations.ts";
import { type HelmHome, helmHome, type RunResult } from "./helm-home.ts";
import { type Credentials, type Registry, startRegistry } from "./registry-server.ts";
import { moveSignatures } from "./signature-forgery.ts";

const chart = chartIdentity();
const password = "correct horse battery staple";

function digestOf(published: RunResult): string {
  expectSuccess(published);
  const digest = published.stdout.match(/^digest: (sha256:[0-9a-f]{64})$/m)?.[1];
  if (!digest) throw new Error(`publish printed no digest: ${published.stdout}`);
  return digest;
}

interface PublishedChart {
  home: HelmHome;
  registry: Registry;
  keys: CosignKeyPair;
  dist: string;
  /** oci://HOST/charts, what publish and sign take. */
  reference: string;
  /** oci://HOST/charts/cryptoflow, as users name the chart. */
  chartRef: string;
  digest: string;
}

/** Registers hooks that start a registry, package and publish the chart there, and make a publisher's key pair. */
function publishedChart(helm: HelmBinary, user?: Credentials): PublishedChart {
  const state = {} as PublishedChart;
  const credentials = user ? { HELM_REGISTRY_USERNAME: user.username, HELM_REGISTRY_PASSWORD: user.password } : {};
  beforeAll(async () => {
    state.home = helmHome(helm.path);
    state.registry = await startRegistry(user);
    state.dist = join(state.home.dir, "dist");
    state.keys = generateKeyPair(state.home.dir, "publisher", password);
    expectSuccess(state.home.script("package", ["--destination", state.dist]));
    state.reference = `oci://${state.registry.host}/charts`;
    state.chartRef = `${state.reference}/${chart.name}`;
    const publish = [state.reference, "--plain-http", "--destination", state.dist];
    state.digest = digestOf(state.home.script("publish", publish, credentials));
  });
  afterAll(async () => {
    await state.registry?.stop();
    state.home?.remove();
  });
  return state;
}

const sign = (published: PublishedChart, args: string[], env: NodeJS.ProcessEnv = {}) =>
  published.home.script("sign", [published.reference, "--plain-http", ...args], { COSIGN_PASSWORD: password, ...env });

const verify = (published: PublishedChart, args: string[], env: NodeJS.ProcessEnv = {}) =>
  published.home.script(
    "verify-signature",
    [published.chartRef, "--version", chart.version, "--plain-http", ...args],
    env,
  );

const verifiedLine = (chartRef: string, digest: string, pub: string) =>
  `verified: ${chartRef}:${chart.version} is ${digest}, signed by ${pub}; transparency log not checked (--no-tlog)\n`;

describe.each(helmBinaries())("cosign signature of the published chart (helm $version)", (helm) => {
  const published = publishedChart(helm);

  it("signs the digest publish printed, and verification with the public key names that digest", () => {
    const signed = sign(published, ["--key", published.keys.key, "--no-tlog"]);
    expectSuccess(signed);
    expect(signed.stdout).toContain(
      `signed: ${published.chartRef}@${published.digest} (${chart.name} ${chart.version})\n`,
    );
    expect(signed.stdout).toContain("not in a transparency log");
    const verified = verify(published, ["--key", published.keys.pub, "--no-tlog"]);
    expectSuccess(verified);
    expect(verified.stdout).toBe(verifiedLine(published.chartRef, published.digest, published.keys.pub));
  });

  it("refuses to sign a version the registry does not hold", () => {
    const result = published.home.script(
      "sign",
      [`${published.reference}-elsewhere`, "--plain-http", "--key", published.keys.key, "--no-tlog"],
      { COSIGN_PASSWORD: password },
    );
    expectOneLineError(
      result,
      new RegExp(
        `chart version not in the registry: .*charts-elsewhere/${chart.name}:${chart.version} .*npm run publish`,
      ),
    );
  });
});

describe("cosign verification refuses what the publisher did not sign", () => {
  const helm = helmBinaries().at(-1) as HelmBinary;
  const published = publishedChart(helm);
  let repushed = "";
  const verifyWithKey = () => verify(published, ["--key", published.keys.pub, "--no-tlog"]);
  const repository = `charts/${chart.name}`;

  beforeAll(() => {
    expectSuccess(sign(published, ["--key", published.keys.key, "--no-tlog"]));
  });

  it("fails against another key pair's public key", () => {
    const stranger = generateKeyPair(published.home.dir, "stranger", "another password");
    const result = verify(published, ["--key", stranger.pub, "--no-tlog"]);
    expectOneLineError(
      result,
      new RegExp(
        `signature not verified: no signature on ${published.chartRef}:${chart.version} is valid for ${stranger.pub}`,
      ),
    );
  });

  it("refuses to sign with a wrong password, an unreadable key, or no COSIGN_PASSWORD", () => {
    const key = published.keys.key;
    expectOneLineError(
      sign(published, ["--key", key, "--no-tlog"], { COSIGN_PASSWORD: "not the password" }),
      new RegExp(`wrong password for ${key}: COSIGN_PASSWORD does not decrypt it`),
    );
    const missing = join(published.home.dir, "missing.key");
    expectOneLineError(
      sign(published, ["--key", missing, "--no-tlog"]),
      new RegExp(`key unreadable: cannot read ${missing} \\(ENOENT\\)`),
    );
    expectOneLineError(
      sign(published, ["--key", published.keys.pub, "--no-tlog"]),
      /key unreadable: .*publisher\.pub is not a cosign private key \(unsupported pem type: PUBLIC KEY\)/,
    );
    const withoutPassword = published.home.script("sign", [published.reference, "--plain-http", "--key", key]);
    expectOneLineError(withoutPassword, new RegExp(`COSIGN_PASSWORD is not set: export the password of ${key}`));
  });

  it("fails once the version is re-pushed with other bytes (publish --force), while the signed digest still verifies", () => {
    const dist = join(published.home.dir, "repacked");
    mkdirSync(dist);
    writeFileSync(archivePath(dist, chart), recompress(readFileSync(archivePath(published.dist, chart))));
    repushed = digestOf(
      published.home.script("publish", [published.reference, "--plain-http", "--force", "--destination", dist]),
    );
    expect(repushed).not.toBe(published.digest);
    expectOneLineError(
      verifyWithKey(),
      new RegExp(`not signed: ${published.chartRef}:${chart.version} has no cosign signature; a version re-pushed`),
    );
    const host = published.registry.host;
    const byDigest = spawnSync(
      cosignBinary(),
      [
        "verify",
        "--key",
        published.keys.pub,
        "--insecure-ignore-tlog",
        "--allow-http-registry",
        `${host}/${repository}@${published.digest}`,
      ],
      { env: published.home.env, encoding: "utf8", timeout: 60_000 },
    );
    expect(byDigest.status, byDigest.stderr).toBe(0);
    expect(byDigest.stdout).toContain(`"docker-manifest-digest":"${published.digest}"`);
  });

  it("fails when the old signature is attached to the re-pushed digest", async () => {
    await moveSignatures(published.registry.host, repository, published.digest, repushed, false);
    expectOneLineError(
      verifyWithKey(),
      /signature not verified: no signature on .* is valid for .*publisher\.pub \(.*provided artifact digest does not match any digest in statement\)/,
    );
  });

  it("fails when the moved signature's claim is rewritten to name the re-pushed digest", async () => {
    await moveSignatures(published.registry.host, repository, published.digest, repushed, true);
    expectOneLineError(
      verifyWithKey(),
      /signature not verified: no signature on .* is valid for .*publisher\.pub \(.*could not verify envelope/,
    );
  });

  it("fails for a chart with changed values pushed by hand over the signed version, which sign then refuses", () => {
    const forged = join(published.home.dir, "forged");
    mkdirSync(forged);
    const archive = archivePath(forged, chart);
    writeFileSync(archive, tamper(readFileSync(archivePath(published.dist, chart))));
    // By hand: `npm run publish` refuses an archive that differs from chart/.
    expectSuccess(published.home.helm(["push", archive, published.reference, "--plain-http"]));
    const values = published.home.helm([
      "show",
      "values",
      published.chartRef,
      "--version",
      chart.version,
      "--plain-http",
    ]);
    expect(values.stdout).toMatch(/^prefixWithReleaseName: true $/m);
    expectOneLineError(verifyWithKey(), /not signed: .* has no cosign signature/);
    expectOneLineError(
      sign(published, ["--key", published.keys.key, "--no-tlog"]),
      /not this checkout's chart: .* differs from chart\/ in 1 file\(s\) \(values\.yaml\); publish chart\/ before signing it/,
    );
  });

  it("refuses --no-tlog without a key, and verification without a key or an identity", () => {
    expectOneLineError(sign(published, ["--no-tlog"]), /--no-tlog needs --key/);
    expectOneLineError(verify(published, ["--no-tlog"]), /--no-tlog needs --key/);
    expectOneLineError(
      verify(published, []),
      /say whose signature to expect: --key cosign\.pub, or --certificate-identity/,
    );
  });

  it("says when the version to verify is not in the registry", () => {
    const result = published.home.script("verify-signature", [
      published.chartRef,
      "--version",
      "0.0.0-missing",
      "--plain-http",
      "--key",
      published.keys.pub,
      "--no-tlog",
    ]);
    expectOneLineError(
      result,
      new RegExp(`chart version not in the registry: ${published.chartRef}:0\\.0\\.0-missing was not found`),
    );
  });
});

describe("cosign signature on a registry with basic auth", () => {
  const user: Credentials = { username: "ci-signer", password: "signer-password-1" };
  const credentials = { HELM_REGISTRY_USERNAME: user.username, HELM_REGISTRY_PASSWORD: user.password };
  const published = publishedChart(helmBinaries().at(-1) as HelmBinary, user);

  it("signs and verifies with the credentials publish takes from the environment", () => {
    expectSuccess(sign(published, ["--key", published.keys.key, "--no-tlog"], credentials));
    const verified = verify(published, ["--key", published.keys.pub, "--no-tlog"], credentials);
    expectSuccess(verified);
    expect(verified.stdout).toBe(verifiedLine(published.chartRef, published.digest, published.keys.pub));
  });

  it("says authentication was refused when verifying without credentials", () => {
    expectOneLineError(
      verify(published, ["--key", published.keys.pub, "--no-tlog"]),
      new RegExp(`authentication refused by ${published.registry.host}: set HELM_REGISTRY_USERNAME`),
    );
  });
});
