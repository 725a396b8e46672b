// `npm run package -- --sign` and `npm run publish` with each Helm major: the provenance travels
// with the chart, `--verify` accepts it, and rejects a chart whose bytes were changed.
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kubeVersion } from "../../scripts/chart/helm-template.ts";
import { archivePath, chartIdentity, provenancePath } from "../../scripts/oci/chart-archive.ts";
import { helmBinaries } from "../../scripts/tools.ts";
import { tamper } from "./archive-edit.ts";
import { expectOneLineError, expectSuccess, fixedPasswords } from "./expectations.ts";
import { createSigningKey, type SigningKey } from "./gpg-key.ts";
import { type HelmHome, helmHome } from "./helm-home.ts";
import { type Registry, startRegistry } from "./registry-server.ts";

const chart = chartIdentity();

describe.each(helmBinaries())("signed chart through the registry (helm $version)", (helm) => {
  let registry: Registry | undefined;
  let key: SigningKey | undefined;
  let home: HelmHome;
  let dist: string;
  const reference = (path: string) => `oci://${registry?.host}/${path}`;
  const pullVerified = (path: string, into: string, keyring = key?.pubring ?? "") => {
    mkdirSync(into, { recursive: true });
    return home.helm([
      "pull",
      `${reference(path)}/${chart.name}`,
      "--version",
      chart.version,
      "--plain-http",
      "--verify",
      "--keyring",
      keyring,
      "--destination",
      into,
    ]);
  };

  beforeAll(async () => {
    home = helmHome(helm.path);
    key = createSigningKey();
    registry = await startRegistry();
    dist = join(home.dir, "dist");
  });
  afterAll(async () => {
    await registry?.stop();
    key?.remove();
    home?.remove();
  });

  it("refuses --sign without a key name", () => {
    expectOneLineError(home.script("package", ["--sign", "--destination", dist]), /--sign needs --key/);
  });

  it("signs the package and publishes the provenance with it", () => {
    const packaged = home.script("package", [
      "--sign",
      "--key",
      key?.name ?? "",
      "--keyring",
      key?.secring ?? "",
      "--destination",
      dist,
    ]);
    expectSuccess(packaged);
    expect(existsSync(provenancePath(archivePath(dist, chart)))).toBe(true);
    const published = home.script("publish", [reference("signed"), "--plain-http", "--destination", dist]);
    expectSuccess(published);
    expect(published.stdout).toMatch(/^provenance: pushed/m);
  });

  it("helm pull --verify accepts the published chart and names the signer", () => {
    const pulled = pullVerified("signed", join(home.dir, "verified"));
    expectSuccess(pulled);
    expect(`${pulled.stdout}${pulled.stderr}`).toContain(`Signed by: ${key?.name}`);
  });

  it("helm template --verify (the install path) accepts it too", () => {
    const rendered = home.helm([
      "template",
      "cryptoflow",
      `${reference("signed")}/${chart.name}`,
      "--version",
      chart.version,
      "--plain-http",
      "--verify",
      "--keyring",
      key?.pubring ?? "",
      "--kube-version",
      kubeVersion,
      ...fixedPasswords,
    ]);
    expectSuccess(rendered);
    expect(rendered.stdout).toContain("kind: Deployment");
  });

  it("signs with a passphrase-protected key, the passphrase given in CHART_SIGNING_PASSPHRASE", () => {
    const passphrase = "correct horse battery staple";
    const protectedKey = createSigningKey(passphrase);
    try {
      const args = ["--sign", "--key", protectedKey.name, "--keyring", protectedKey.secring];
      const into = join(home.dir, "protected");
      const packaged = home.script("package", [...args, "--destination", into], {
        CHART_SIGNING_PASSPHRASE: passphrase,
      });
      expectSuccess(packaged);
      const archive = archivePath(into, chart);
      expectSuccess(home.helm(["verify", archive, "--keyring", protectedKey.pubring]));
      const wrong = home.script("package", [...args, "--destination", into], { CHART_SIGNING_PASSPHRASE: "wrong" });
      expectOneLineError(wrong, /helm package failed/);
    } finally {
      protectedKey.remove();
    }
  });

  it("helm pull --verify rejects it against someone else's public key", () => {
    const stranger = createSigningKey();
    try {
      const pulled = pullVerified("signed", join(home.dir, "stranger"), stranger.pubring);
      expect(pulled.status).not.toBe(0);
      expect(pulled.stderr).toMatch(/signature made by unknown entity/);
    } finally {
      stranger.remove();
    }
  });

  it("helm pull --verify rejects a chart changed after signing", () => {
    const archive = archivePath(dist, chart);
    const forged = join(home.dir, "forged");
    mkdirSync(forged);
    const forgedArchive = archivePath(forged, chart);
    writeFileSync(forgedArchive, tamper(readFileSync(archive)));
    copyFileSync(provenancePath(archive), provenancePath(forgedArchive));
    // Pushed by hand: `npm run publish` only ever pushes what `npm run package` made.
    expectSuccess(home.helm(["push", forgedArchive, reference("forged"), "--plain-http"]));
    const unverified = home.helm([
      "show",
      "values",
      `${reference("forged")}/${chart.name}`,
      "--version",
      chart.version,
      "--plain-http",
    ]);
    expect(unverified.stdout).toMatch(/^prefixWithReleaseName: true $/m);
    const pulled = pullVerified("forged", join(home.dir, "rejected"));
    expect(pulled.status).not.toBe(0);
    expect(pulled.stderr).toMatch(/sha256 sum does not match/);
  });
});
