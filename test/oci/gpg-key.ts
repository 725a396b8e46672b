// A throwaway signing key in a temp GNUPGHOME, exported the way Helm reads keys: a legacy
// secret keyring to sign with and a public keyring to verify with.
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkGpg } from "../../scripts/oci/registry-tool.ts";

export interface SigningKey {
  name: string;
  secring: string;
  pubring: string;
  remove: () => void;
}

/** With a passphrase, the exported secret key stays encrypted, as a real signing key should be. */
export function createSigningKey(passphrase = ""): SigningKey {
  checkGpg();
  const home = mkdtempSync(join(tmpdir(), "cryptoflow-gpg-"));
  chmodSync(home, 0o700);
  const env = { ...process.env, GNUPGHOME: home };
  const gpg = (args: string[]) => {
    const run = spawnSync(
      "gpg",
      ["--batch", "--yes", "--pinentry-mode", "loopback", "--passphrase", passphrase, ...args],
      {
        env,
        timeout: 60_000,
      },
    );
    if (run.status !== 0) throw new Error(`gpg ${args.join(" ")} failed: ${run.stderr?.toString()}`);
    return run.stdout;
  };
  const name = "CryptoFlow Test Signer <signer@cryptoflow.invalid>";
  // RSA: Helm 3 reads keys with golang.org/x/crypto/openpgp, which has no EdDSA.
  gpg(["--quick-gen-key", name, "rsa2048", "sign", "never"]);
  const secring = join(home, "secring.gpg");
  const pubring = join(home, "pubring-export.gpg");
  writeFileSync(secring, gpg(["--export-secret-keys"]));
  writeFileSync(pubring, gpg(["--export"]));
  return {
    name,
    secring,
    pubring,
    remove: () => {
      // The agent gpg started for this GNUPGHOME (and only that one).
      spawnSync("gpgconf", ["--kill", "gpg-agent"], { env, timeout: 10_000 });
      rmSync(home, { recursive: true, force: true });
    },
  };
}
