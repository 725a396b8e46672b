// A real CNCF Distribution registry for one test file: 127.0.0.1 on a free port, storage in a
// temp dir, optional htpasswd (bcrypt) auth. Always stop() it in afterAll.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import bcrypt from "bcryptjs";
import { freePort } from "../../scripts/cluster/processes.ts";
import { registryBinary } from "../../scripts/oci/registry-tool.ts";

export interface Registry {
  /** host:port, as in oci://HOST:PORT/… */
  host: string;
  stop: () => Promise<void>;
}

export interface Credentials {
  username: string;
  password: string;
}

function config(dir: string, port: number, user?: Credentials): string {
  const auth = user ? `auth:\n  htpasswd:\n    realm: cryptoflow-test\n    path: ${join(dir, "htpasswd")}\n` : "";
  if (user) writeFileSync(join(dir, "htpasswd"), `${user.username}:${bcrypt.hashSync(user.password, 5)}\n`);
  return [
    "version: 0.1",
    "log:\n  level: error\n  accesslog:\n    disabled: true",
    `storage:\n  filesystem:\n    rootdirectory: ${join(dir, "storage")}\n  delete:\n    enabled: true`,
    `http:\n  addr: 127.0.0.1:${port}\n  secret: cryptoflow-test-secret`,
    auth,
  ].join("\n");
}

/** Resolves once /v2/ answers (200, or 401 with auth); bounded to about 20 s. */
async function waitReady(host: string, child: ChildProcess, log: () => string): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    if (child.exitCode !== null) throw new Error(`registry exited with ${child.exitCode}: ${log()}`);
    try {
      const response = await fetch(`http://${host}/v2/`);
      if (response.status === 200 || response.status === 401) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((wait) => setTimeout(wait, 100));
  }
  throw new Error(`registry on ${host} did not answer within 20 s: ${log()}`);
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const force = setTimeout(() => child.kill("SIGKILL"), 5_000);
    child.once("exit", () => {
      clearTimeout(force);
      done();
    });
    child.kill("SIGTERM");
  });
}

export async function startRegistry(user?: Credentials): Promise<Registry> {
  const binary = registryBinary();
  const dir = mkdtempSync(join(tmpdir(), "cryptoflow-registry-"));
  const port = await freePort();
  writeFileSync(join(dir, "config.yml"), config(dir, port, user));
  // REGISTRY_* variables override the config file; tracing would try to reach a collector.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("REGISTRY_")));
  const child = spawn(binary, ["serve", join(dir, "config.yml")], {
    env: { ...env, OTEL_TRACES_EXPORTER: "none" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  });
  // If the test runner dies before afterAll, do not leave the registry behind.
  const onExit = () => child.kill("SIGKILL");
  process.once("exit", onExit);
  const host = `127.0.0.1:${port}`;
  const stop = async () => {
    process.off("exit", onExit);
    await stopProcess(child);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitReady(host, child, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { host, stop };
}
