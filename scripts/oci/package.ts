// `npm run package [-- --sign --key NAME [--keyring FILE] [--passphrase-file FILE] [--destination DIR]]`:
// refuses a stale or lint-failing chart, then `helm package`s it into dist/ (git-ignored).
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join, relative } from "node:path";
import { parseArgs } from "node:util";
import { chartDrift } from "../chart/drift.ts";
import { chartDir } from "../chart/folder.ts";
import { runMain } from "../entry.ts";
import { archivePath, chartIdentity, defaultDestination, provenancePath } from "./chart-archive.ts";
import { helmError, runHelm } from "./helm-cli.ts";

/** Helm signs with a legacy (GnuPG 1) secret keyring; GnuPG 2 users export one (see docs/publishing.md). */
function defaultKeyring(): string {
  return join(process.env.GNUPGHOME ?? join(homedir(), ".gnupg"), "secring.gpg");
}

function signingArgs(key: string | undefined, keyring: string | undefined, passphraseFile: string | undefined) {
  if (!key) throw new Error("--sign needs --key NAME (the GPG key's name or e-mail)");
  const ring = keyring ?? defaultKeyring();
  if (!existsSync(ring)) {
    throw new Error(
      `keyring ${ring} not found: export one with \`gpg --export-secret-keys > ${ring}\` or pass --keyring`,
    );
  }
  const args = ["--sign", "--key", key, "--keyring", ring];
  if (passphraseFile) args.push("--passphrase-file", passphraseFile);
  return args;
}

/**
 * CI passes the passphrase as a secret in CHART_SIGNING_PASSPHRASE. Helm's `--passphrase-file -`
 * accepts only a FIFO on stdin and Node gives children a socket, so it goes through a private file.
 */
function withPassphraseFile<T>(sign: string[], run: (args: string[]) => T): T {
  const passphrase = process.env.CHART_SIGNING_PASSPHRASE;
  if (sign.length === 0 || sign.includes("--passphrase-file") || !passphrase) return run(sign);
  const dir = mkdtempSync(join(tmpdir(), "cryptoflow-sign-"));
  try {
    const file = join(dir, "passphrase");
    writeFileSync(file, passphrase, { mode: 0o600 });
    return run([...sign, "--passphrase-file", file]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function main(): void {
  const { values } = parseArgs({
    options: {
      sign: { type: "boolean", default: false },
      key: { type: "string" },
      keyring: { type: "string" },
      "passphrase-file": { type: "string" },
      destination: { type: "string", default: defaultDestination },
    },
  });
  // Argument mistakes first: the drift check below takes seconds.
  const sign = values.sign ? signingArgs(values.key, values.keyring, values["passphrase-file"]) : [];
  const chart = chartIdentity();
  const drift = chartDrift().drifted.map(({ file }) => file);
  if (drift.length > 0) {
    throw new Error(
      `chart/ is stale: \`npm run generate\` would change ${drift.length} file(s) (${drift.slice(0, 5).join(", ")}): run it and commit the result`,
    );
  }
  const lint = runHelm(["lint", chartDir, "--strict"]);
  if (lint.status !== 0) {
    process.stderr.write(lint.stdout + lint.stderr);
    throw new Error("helm lint --strict failed on chart/ (see above)");
  }
  const destination = values.destination;
  mkdirSync(destination, { recursive: true });
  const archive = archivePath(destination, chart);
  // A signature left from an earlier signed run would be pushed with an archive it does not match.
  rmSync(provenancePath(archive), { force: true });
  const packaged = withPassphraseFile(sign, (signArgs) =>
    runHelm(["package", chartDir, "--destination", destination, ...signArgs]),
  );
  if (packaged.status !== 0 || !existsSync(archive)) throw new Error(`helm package failed: ${helmError(packaged)}`);
  console.log(`packaged ${relative(process.cwd(), archive)} (${chart.name} ${chart.version})`);
  if (values.sign) console.log(`signed: ${relative(process.cwd(), provenancePath(archive))}`);
}

runMain(main);
