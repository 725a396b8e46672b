// The release workflow's signing step: CHART_SIGNING_KEY, armored or as base64, becomes a keyring
// helm signs with (checked by signing and verifying with each helm), only for the release key.
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chartDir } from "../../scripts/chart/folder.ts";
import { secretKeys } from "../../scripts/ci/signing-keyring.ts";
import { projectRoot } from "../../scripts/project-root.ts";
import { helmBinaries } from "../../scripts/tools.ts";
import { createSigningKey, type SigningKey } from "../oci/gpg-key.ts";

const passphrase = "release passphrase";
const work = mkdtempSync(join(tmpdir(), "cryptoflow-signing-keyring-"));
let key: SigningKey;
let fingerprint: string;

/** The key exported ASCII-armored, as `gpg --armor --export-secret-keys` gives it to a maintainer. */
function armored(secring: string): string {
  const home = mkdtempSync(join(work, "gpg-"));
  chmodSync(home, 0o700);
  const env = { ...process.env, GNUPGHOME: home };
  const gpg = (args: string[]) =>
    spawnSync("gpg", ["--batch", "--yes", "--pinentry-mode", "loopback", "--passphrase", passphrase, ...args], {
      env,
      encoding: "utf8",
    });
  try {
    expect(gpg(["--import", secring]).status).toBe(0);
    return gpg(["--armor", "--export-secret-keys"]).stdout;
  } finally {
    spawnSync("gpgconf", ["--kill", "gpg-agent"], { env });
  }
}

function keyringScript(env: Record<string, string>, keyring: string, expected = fingerprint) {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith("CHART_SIGNING_")),
  );
  return execa("npx", ["tsx", "scripts/ci/signing-keyring.ts", keyring, expected], {
    cwd: projectRoot,
    env: { ...inherited, ...env },
    extendEnv: false,
    reject: false,
  });
}

const outputs = (stdout: string) =>
  Object.fromEntries(stdout.split("\n").map((line) => line.split(/=(.*)/s).slice(0, 2) as [string, string]));

beforeAll(() => {
  key = createSigningKey(passphrase);
  const listed = spawnSync("gpg", ["--batch", "--show-keys", "--with-colons", key.secring], { encoding: "utf8" });
  [{ fingerprint }] = secretKeys(listed.stdout);
}, 120_000);

afterAll(() => {
  key?.remove();
  rmSync(work, { recursive: true, force: true });
});

describe("the release's signing keyring", () => {
  it("reads the key's fingerprint and uid from gpg's colon listing", () => {
    expect(fingerprint).toMatch(/^[0-9A-F]{40}$/);
    const listed = spawnSync("gpg", ["--batch", "--show-keys", "--with-colons", key.secring], { encoding: "utf8" });
    expect(secretKeys(listed.stdout)).toEqual([{ fingerprint, uid: key.name }]);
  });

  it.each(["as base64", "ASCII-armored"] as const)(
    "turns CHART_SIGNING_KEY given %s into a keyring each helm signs with",
    async (form) => {
      const secret = form === "as base64" ? readFileSync(key.secring).toString("base64") : armored(key.secring);
      const keyring = join(work, `secring-${form.replace(" ", "-")}.gpg`);
      const result = await keyringScript({ CHART_SIGNING_KEY: secret, CHART_SIGNING_PASSPHRASE: passphrase }, keyring);
      expect(result.exitCode, result.stderr).toBe(0);
      expect(outputs(result.stdout)).toEqual({ signed: "true", "key-name": key.name, keyring });
      const passphraseFile = join(work, "passphrase");
      writeFileSync(passphraseFile, passphrase, { mode: 0o600 });
      for (const helm of helmBinaries()) {
        const into = mkdtempSync(join(work, `helm-${helm.major}-`));
        const sign = ["--sign", "--key", key.name, "--keyring", keyring, "--passphrase-file", passphraseFile];
        const packaged = spawnSync(helm.path, ["package", chartDir, "--destination", into, ...sign], {
          encoding: "utf8",
        });
        expect(packaged.status, packaged.stderr).toBe(0);
        const archive = packaged.stdout.match(/saved it to: (\S+\.tgz)/)?.[1] ?? "";
        expect(existsSync(`${archive}.prov`), `helm ${helm.version} wrote the provenance file`).toBe(true);
        const verified = spawnSync(helm.path, ["verify", archive, "--keyring", key.pubring], { encoding: "utf8" });
        expect(verified.status, verified.stderr).toBe(0);
        expect(verified.stdout).toContain(`Signed by: ${key.name}`);
      }
    },
    120_000,
  );

  it("refuses a key that is not the release key, naming both", async () => {
    const other = "0".repeat(40);
    const keyring = join(work, "secring-other.gpg");
    const secret = readFileSync(key.secring).toString("base64");
    const result = await keyringScript(
      { CHART_SIGNING_KEY: secret, CHART_SIGNING_PASSPHRASE: passphrase },
      keyring,
      other,
    );
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(`error: CHART_SIGNING_KEY holds ${fingerprint}, not the release key ${other}`);
    expect(existsSync(keyring)).toBe(false);
  }, 60_000);

  it("says signed=false when the secret is not set", async () => {
    const result = await keyringScript({ CHART_SIGNING_KEY: "" }, join(work, "unused.gpg"));
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout.trim()).toBe("signed=false");
  }, 60_000);
});
