// A throwaway cosign key pair, made as a publisher would: `cosign generate-key-pair` with the
// password in COSIGN_PASSWORD, the private key encrypted with it.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { cosignBinary } from "../../scripts/oci/cosign-tool.ts";

export interface CosignKeyPair {
  key: string;
  pub: string;
  password: string;
}

/** Writes NAME.key and NAME.pub into `dir`. */
export function generateKeyPair(dir: string, name: string, password: string): CosignKeyPair {
  const run = spawnSync(cosignBinary(), ["generate-key-pair", "--output-key-prefix", name], {
    cwd: dir,
    env: { PATH: process.env.PATH, COSIGN_PASSWORD: password },
    encoding: "utf8",
    timeout: 60_000,
  });
  if (run.status !== 0) throw new Error(`cosign generate-key-pair failed: ${run.stderr}`);
  return { key: join(dir, `${name}.key`), pub: join(dir, `${name}.pub`), password };
}
