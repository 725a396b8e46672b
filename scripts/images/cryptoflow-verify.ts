// Smoke test of a built CryptoFlow image as a pod would run it: the cached layer tars unpacked into
// a scratch rootfs, then every process started as uid 1000 with /app read-only, each in a network
// namespace of its own (no datastore to reach, no clash with ports on the host). What matters is
// whether a process gets past its imports: still running at the deadline, or stopped on a
// connection error, is fine; an ImportError is not.
//
//   npx tsx scripts/images/cryptoflow-verify.ts [SOURCE]      (as root; TORCH_VARIANT as for the build)
//   npx tsx scripts/images/cryptoflow-verify.ts --cached ~/.cache/cryptoflow-chart/images/cryptoflow-<hash>
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { isEntry, runMain } from "../entry.ts";
import { buildCryptoflowLayers, type CachedImage } from "./cryptoflow.ts";
import { removeTree, run, withMounts } from "./cryptoflow-chroot.ts";
import { defaultSource, imageConfig, optionsFromEnv } from "./cryptoflow-recipe.ts";

interface Probe {
  name: string;
  command: string[];
  /** How long a process that keeps running is given before it counts as started. */
  seconds: number;
}

/** Imports each entry module in one interpreter, so one run reports them all. */
const smokeImports = `
import importlib, os, sys
print("python", sys.version.split()[0], "uid", os.getuid(), "/app writable:", os.access("/app/src", os.W_OK))
for name in ["main", "src.infrastructure.celery_app", "src.infrastructure.grpc_client",
             "src.services.market_data_service.server", "src.services.order_service.server",
             "src.ai.adapters.chroma_adapter", "torch", "sentence_transformers"]:
    try:
        module = importlib.import_module(name)
        extra = getattr(module, "MARKET_DATA_GRPC_TARGET", "")
        print("import ok  ", name, extra)
    except Exception as error:
        print("import FAIL", name, type(error).__name__, error)
`;

const entrypoint = "/app/scripts/entrypoint.sh";
export const probes: Probe[] = [
  { name: "imports", command: ["python", "-c", smokeImports], seconds: 180 },
  { name: "api", command: [entrypoint, "api"], seconds: 40 },
  { name: "worker", command: [entrypoint, "worker"], seconds: 40 },
  { name: "mcp", command: [entrypoint, "mcp"], seconds: 90 },
  { name: "market-data", command: [entrypoint, "grpc"], seconds: 40 },
  { name: "order-service", command: ["python", "src/services/order_service/server.py"], seconds: 40 },
  { name: "migrations", command: ["alembic", "upgrade", "head"], seconds: 60 },
];

export interface ProbeResult {
  name: string;
  outcome: "running" | "exited" | "import error";
  exitCode: number | null;
  seconds: number;
  lastLines: string[];
}

/** Runs one probe as uid 1000 in a fresh network namespace; kills its process group at the deadline. */
function runProbe(rootfs: string, probe: Probe, env: Record<string, string>): Promise<ProbeResult> {
  const inner = `ip link set lo up && exec chroot --userspec=1000:1000 "$0" /usr/bin/env -C /app "$@"`;
  const child = spawn("unshare", ["--net", "sh", "-c", inner, rootfs, ...probe.command], { env, detached: true });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => {
    output += chunk;
  });
  child.stderr.on("data", (chunk: Buffer) => {
    output += chunk;
  });
  const started = Date.now();
  let timedOut = false;
  let closed = false;
  // The whole process group (celery forks workers); it may be gone already.
  const kill = (signal: NodeJS.Signals) => {
    if (closed || !child.pid) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  const deadline = setTimeout(() => {
    timedOut = true;
    kill("SIGTERM");
    setTimeout(() => kill("SIGKILL"), 5000).unref();
  }, probe.seconds * 1000);
  return new Promise((done) => {
    child.on("close", (code) => {
      closed = true;
      clearTimeout(deadline);
      const importFailed = /ModuleNotFoundError|ImportError|cannot import name/.test(output);
      const outcome = importFailed ? "import error" : timedOut ? "running" : "exited";
      const lastLines = output.trimEnd().split("\n").slice(-12);
      done({ name: probe.name, outcome, exitCode: code, seconds: (Date.now() - started) / 1000, lastLines });
    });
  });
}

/** Unpacks the layer tars, base first, as containerd would (owners kept). */
async function unpack(layers: string[], rootfs: string): Promise<void> {
  mkdirSync(rootfs, { recursive: true });
  for (const layer of layers) await run("tar", ["--extract", "--numeric-owner", "-p", "-f", layer, "-C", rootfs]);
}

/** The image.json of a cache folder (cryptoflow-<hash>), to probe a build made by an earlier builder. */
const readCachedImage = (dir: string) => JSON.parse(readFileSync(join(dir, "image.json"), "utf8")) as CachedImage;

/** Probes every process of the image built (or cached) for these inputs, or of the cached build `cached`. */
export async function verifyCryptoflowImage(source: string = defaultSource, cached?: string): Promise<ProbeResult[]> {
  const image = cached ? readCachedImage(cached) : await buildCryptoflowLayers(resolve(source), optionsFromEnv());
  const options = image.options;
  const scratch = mkdtempSync(join(tmpdir(), "cryptoflow-verify-"));
  const rootfs = join(scratch, "rootfs");
  try {
    await unpack(image.layers, rootfs);
    const env = { ...imageConfig(image.hash, options).env, HF_HUB_OFFLINE: "1", ANONYMIZED_TELEMETRY: "False" };
    const mounts = [
      { source: "proc", target: "/proc" },
      { source: "/dev", target: "/dev" },
      { source: "tmpfs", target: "/dev/shm" },
      { source: join(rootfs, "app"), target: "/app", readOnly: true },
    ];
    const results: ProbeResult[] = [];
    await withMounts(rootfs, mounts, async () => {
      for (const probe of probes) {
        const result = await runProbe(rootfs, probe, env);
        console.log(`${result.name}: ${result.outcome} (exit ${result.exitCode}, ${result.seconds.toFixed(1)} s)`);
        console.log(result.lastLines.map((line) => `  | ${line}`).join("\n"));
        results.push(result);
      }
    });
    writeFileSync(join(tmpdir(), `cryptoflow-verify-${image.hash}.json`), `${JSON.stringify(results, null, 2)}\n`);
    return results;
  } finally {
    removeTree(scratch);
  }
}

if (isEntry(import.meta.url)) {
  const [flag, value] = process.argv.slice(2);
  runMain(() => (flag === "--cached" ? verifyCryptoflowImage(undefined, value) : verifyCryptoflowImage(flag)));
}
