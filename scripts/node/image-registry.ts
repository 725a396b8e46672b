// The project's Distribution registry serving the images the node runs. Its storage lives in the
// user cache, so images built once on a machine serve every later run and clone: `npm run setup`
// pushes to it through a registry of its own on a free port, the node serves it on 5001.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, type ServerProcess, startProcess, stopProcess, waitForProcess } from "../cluster/processes.ts";
import { registryBinary } from "../oci/registry-tool.ts";
import { registryAddress, registryDataDir } from "./settings.ts";

/** Starts the registry on `address` (host:port) over the shared storage; logs and config go in `dir`. */
export async function startImageRegistry(address: string, dir: string): Promise<ServerProcess> {
  mkdirSync(registryDataDir, { recursive: true });
  const config = join(dir, "registry.yml");
  writeFileSync(
    config,
    [
      "version: 0.1",
      "log: {level: warn}",
      `storage: {filesystem: {rootdirectory: ${registryDataDir}}, delete: {enabled: true}}`,
      `http: {addr: "${address}"}`,
      "",
    ].join("\n"),
  );
  const registry = startProcess("registry", registryBinary(), ["serve", config], dir);
  await waitForProcess(
    registry,
    `the registry on ${address}`,
    async () => (await fetch(`http://${address}/v2/`)).ok,
    30_000,
  );
  return registry;
}

/**
 * Deletes what no tag refers to any more: a rebuilt image leaves its old layers behind (7 GB for
 * the CryptoFlow image). Skipped while the node's registry serves the same storage.
 */
async function collectGarbage(config: string): Promise<void> {
  const nodeServing = await fetch(`http://${registryAddress}/v2/`).then(
    (reply) => reply.ok,
    () => false,
  );
  if (nodeServing) return;
  const before = storageBytes();
  const out = spawnSync(registryBinary(), ["garbage-collect", "--delete-untagged", config], { encoding: "utf8" });
  if (out.status !== 0) throw new Error(`registry garbage-collect failed:\n${out.stderr.slice(-2000)}`);
  const freed = before - storageBytes();
  if (freed > 0) console.log(`registry storage: ${(freed / 1e9).toFixed(1)} GB of unused layers removed`);
}

function storageBytes(): number {
  const out = spawnSync("du", ["-sb", registryDataDir], { encoding: "utf8" });
  return Number(out.stdout.split("\t")[0]) || 0;
}

/** Runs `body` with the registry up on a free loopback port, stops it, then collects its garbage. */
export async function withImageRegistry<T>(body: (address: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), "cryptoflow-images-"));
  const address = `127.0.0.1:${await freePort()}`;
  const registry = await startImageRegistry(address, dir);
  try {
    const result = await body(address);
    await stopProcess(registry);
    await collectGarbage(join(dir, "registry.yml"));
    return result;
  } finally {
    await stopProcess(registry);
    rmSync(dir, { recursive: true, force: true });
  }
}
