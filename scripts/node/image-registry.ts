// The project's Distribution registry serving the images the node runs. Its storage lives in the
// user cache, so images built once on a machine serve every later run and clone: `npm run setup`
// pushes to it through a registry of its own on a free port, the node serves it on 5001.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, type ServerProcess, startProcess, stopProcess, waitForProcess } from "../cluster/processes.ts";
import { registryBinary } from "../oci/registry-tool.ts";
import { registryDataDir } from "./settings.ts";

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

/** Runs `body` with the registry up on a free loopback port, and stops it afterwards. */
export async function withImageRegistry<T>(body: (address: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), "cryptoflow-images-"));
  const address = `127.0.0.1:${await freePort()}`;
  const registry = await startImageRegistry(address, dir);
  try {
    return await body(address);
  } finally {
    await stopProcess(registry);
    rmSync(dir, { recursive: true, force: true });
  }
}
