// `npx tsx scripts/ci/signing-keyring.ts KEYRING FINGERPRINT`, in the release workflow: turns the
// CHART_SIGNING_KEY secret (the release key's secret half, ASCII-armored or the base64 of
// `gpg --export-secret-keys`) into the legacy keyring helm signs with, after checking it is the key
// whose public half the project publishes (FINGERPRINT). It imports the key into a throwaway
// GNUPGHOME and exports it again (passphrase from CHART_SIGNING_PASSPHRASE), so either form works.
// Prints `name=value` lines for $GITHUB_OUTPUT: signed=true, key-name (the uid helm's --key
// matches) and keyring; or signed=false when the secret is not set.
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isEntry, runMain } from "../entry.ts";

interface SecretKey {
  fingerprint: string;
  uid: string;
}

/** gpg's --with-colons output: each `sec` record, its primary key's fingerprint and first uid. */
export function secretKeys(colons: string): SecretKey[] {
  const keys: SecretKey[] = [];
  let current: SecretKey | undefined;
  for (const fields of colons.split("\n").map((line) => line.split(":"))) {
    if (fields[0] === "sec") {
      current = { fingerprint: "", uid: "" };
      keys.push(current);
    } else if (fields[0] === "ssb") current = undefined;
    else if (current && fields[0] === "fpr" && !current.fingerprint) current.fingerprint = fields[9];
    else if (current && fields[0] === "uid" && !current.uid) {
      // gpg escapes `:` and other bytes in colon listings as \xNN.
      current.uid = fields[9].replace(/\\x([0-9a-f]{2})/gi, (_, hex) => String.fromCharCode(Number.parseInt(hex, 16)));
    }
  }
  return keys;
}

function keyBytes(secret: string): Buffer {
  return secret.includes("-----BEGIN PGP PRIVATE KEY BLOCK-----")
    ? Buffer.from(secret)
    : Buffer.from(secret.replace(/\s+/g, ""), "base64");
}

export function signingKeyring(secret: string, passphrase: string, keyring: string, fingerprint: string): SecretKey {
  const home = mkdtempSync(join(tmpdir(), "cryptoflow-release-gpg-"));
  chmodSync(home, 0o700);
  const env = { ...process.env, GNUPGHOME: home };
  const gpg = (args: string[], input?: Buffer | string) => {
    const run = spawnSync("gpg", ["--batch", "--yes", ...args], { env, input, timeout: 60_000 });
    if (run.error) throw new Error(`gpg is needed to sign the chart: ${run.error.message}`);
    if (run.status !== 0) throw new Error(`gpg ${args[0]} failed: ${run.stderr.toString().trim()}`);
    return run.stdout;
  };
  try {
    gpg(["--import"], keyBytes(secret));
    const keys = secretKeys(gpg(["--list-secret-keys", "--with-colons"]).toString());
    const key = keys.find((candidate) => candidate.fingerprint === fingerprint.toUpperCase());
    if (!key) {
      const found = keys.map((candidate) => candidate.fingerprint).join(", ") || "no secret key";
      throw new Error(
        `CHART_SIGNING_KEY holds ${found}, not the release key ${fingerprint} whose public half the project publishes: users verifying with that key would reject the signature`,
      );
    }
    // gpg 2 asks for the passphrase to export a protected key; loopback reads it from stdin.
    const exported = gpg(
      ["--pinentry-mode", "loopback", "--passphrase-fd", "0", "--export-secret-keys", key.fingerprint],
      passphrase,
    );
    writeFileSync(keyring, exported, { mode: 0o600 });
    return key;
  } finally {
    // The agent gpg started for this GNUPGHOME, and only that one.
    spawnSync("gpgconf", ["--kill", "gpg-agent"], { env, timeout: 10_000 });
    rmSync(home, { recursive: true, force: true });
  }
}

function main(): void {
  const [keyring, fingerprint] = process.argv.slice(2);
  if (!keyring || !fingerprint) throw new Error("usage: signing-keyring.ts KEYRING FINGERPRINT");
  const secret = process.env.CHART_SIGNING_KEY ?? "";
  if (!secret.trim()) {
    console.log("signed=false");
    return;
  }
  const key = signingKeyring(secret, process.env.CHART_SIGNING_PASSPHRASE ?? "", keyring, fingerprint);
  console.log(`signed=true\nkey-name=${key.uid}\nkeyring=${keyring}`);
}

if (isEntry(import.meta.url)) {
  runMain(main);
}
