// The Kubernetes binaries of the test clusters, of one pinned release, built from the Go module
// proxy: the control plane's kube-apiserver and kube-controller-manager, and the real node's
// kubelet, kube-scheduler, kube-proxy and kubectl; and etcd (Debian's etcd-server).
// `k8s.io/kubernetes` cannot be `go install`ed by path (its go.mod replaces the ~30 staging
// modules with ./staging folders), so we generate a small wrapper module that requires it and
// points each staging module at its published v0.Y.Z, then `go build` all six commands from it in
// one build, so the packages they share compile once.
// Run directly (`npx tsx scripts/cluster/binaries.ts`) to build what is missing.
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { kubernetesRange } from "../../schema/chart.ts";
import { onPath } from "../debian-packages.ts";
import { isEntry, runMain } from "../entry.ts";
import { toolsDir, userCacheDir } from "../tools.ts";

/** The newest Kubernetes release the chart supports, which the test control plane runs. */
export const kubernetesVersion = `v${kubernetesRange.newest}`;
const kubeCommands = [
  "kube-apiserver",
  "kube-controller-manager",
  "kube-scheduler",
  "kubelet",
  "kube-proxy",
  "kubectl",
] as const;
export type KubeCommand = (typeof kubeCommands)[number];
export const kubeBinDir = join(toolsDir, `kubernetes-${kubernetesVersion}`);
const cacheDir = join(userCacheDir, `kubernetes-${kubernetesVersion}`);

export interface ClusterBinaries {
  kubeApiserver: string;
  kubeControllerManager: string;
  etcd: string;
}

/** A node binary (kubelet, kube-scheduler, kube-proxy, kubectl) built by `ensureClusterTools`. */
export function kubeBinary(command: KubeCommand): string {
  const path = join(kubeBinDir, command);
  if (!existsSync(path)) {
    throw new Error(`${command} ${kubernetesVersion} is not built: run \`npm run setup\``);
  }
  return path;
}

/** envtest's lookup order: TEST_ASSET_<NAME>, then $KUBEBUILDER_ASSETS/<name>, then our own build. */
function findBinary(name: string, ours: string | undefined): string | undefined {
  const envName = `TEST_ASSET_${name.toUpperCase().replaceAll("-", "_")}`;
  const fromEnv = process.env[envName];
  if (fromEnv) return fromEnv;
  const assets = process.env.KUBEBUILDER_ASSETS;
  if (assets && existsSync(join(assets, name))) return join(assets, name);
  if (ours && existsSync(ours)) return ours;
  return undefined;
}

/** The binaries a run uses; throws one message that says how to build whatever is missing. */
export function clusterBinaries(): ClusterBinaries {
  const kubeApiserver = findBinary("kube-apiserver", join(kubeBinDir, "kube-apiserver"));
  const kubeControllerManager = findBinary("kube-controller-manager", join(kubeBinDir, "kube-controller-manager"));
  const etcd = findBinary("etcd", onPath("etcd"));
  const missing: string[] = [];
  if (!kubeApiserver || !kubeControllerManager) {
    missing.push(
      `kube-apiserver/kube-controller-manager ${kubernetesVersion}: run \`npx tsx scripts/cluster/binaries.ts\` (builds into .tools/, ~15 min on 2 cores) or set KUBEBUILDER_ASSETS`,
    );
  }
  if (!etcd)
    missing.push(
      "etcd: `apt-get install etcd-server` (npm run setup does, as root), or set KUBEBUILDER_ASSETS / TEST_ASSET_ETCD",
    );
  if (!kubeApiserver || !kubeControllerManager || !etcd) {
    throw new Error(`the cluster tests' control plane is not built:\n  - ${missing.join("\n  - ")}`);
  }
  return { kubeApiserver, kubeControllerManager, etcd };
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): string {
  const out = spawnSync(command, args, { cwd, env, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  if (out.status !== 0) throw new Error(`${command} ${args.join(" ")} failed:\n${(out.stderr ?? "").slice(-4000)}`);
  return out.stdout;
}

interface ModuleDownload {
  Path: string;
  Version: string;
  GoMod?: string;
  Error?: string;
}

/** `go mod download -json` prints one JSON object per module, concatenated. */
function parseDownloads(text: string): ModuleDownload[] {
  return text
    .split(/\n}\n?/)
    .filter((part) => part.trim())
    .map((part) => JSON.parse(`${part}\n}`) as ModuleDownload);
}

/** go.mod text of the wrapper module: staging modules point at their published release (or an empty stub). */
function wrapperGoMod(buildDir: string): string {
  const [kube] = parseDownloads(
    run("go", ["mod", "download", "-json", `k8s.io/kubernetes@${kubernetesVersion}`], buildDir),
  );
  if (!kube?.GoMod) throw new Error(`cannot download k8s.io/kubernetes@${kubernetesVersion}`);
  const upstream = readFileSync(kube.GoMod, "utf8");
  const staging = [...upstream.matchAll(/^\s*(k8s\.io\/[\w.-]+) => \.\/staging\//gm)].map((m) => m[1] as string);
  const stagingVersion = kubernetesVersion.replace(/^v1\./, "v0.");
  // Ask once for all staging modules; the unpublished ones (sample-*) are never imported by these commands.
  const download = spawnSync("go", ["mod", "download", "-json", ...staging.map((m) => `${m}@${stagingVersion}`)], {
    cwd: buildDir,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const published = new Set(
    parseDownloads(download.stdout)
      .filter((m) => !m.Error)
      .map((m) => m.Path),
  );
  const replaces = staging.map((module) => {
    if (published.has(module)) return `\t${module} => ${module} ${stagingVersion}`;
    const stub = join("stubs", module);
    mkdirSync(join(buildDir, stub), { recursive: true });
    writeFileSync(join(buildDir, stub, "go.mod"), `module ${module}\n\ngo 1.24\n`);
    return `\t${module} => ./${stub}`;
  });
  const goLine = upstream.match(/^go .*$/m)?.[0] ?? "go 1.24";
  const godebug = upstream.match(/^godebug .*$/m)?.[0] ?? "";
  return [
    "// Generated by scripts/cluster/binaries.ts: builds the Kubernetes commands from the module proxy.",
    "module cryptoflow.local/kube-binaries",
    "",
    goLine,
    godebug,
    "",
    `require k8s.io/kubernetes ${kubernetesVersion}`,
    "",
    `tool (\n${kubeCommands.map((c) => `\tk8s.io/kubernetes/cmd/${c}`).join("\n")}\n)`,
    "",
    `replace (\n${replaces.join("\n")}\n)`,
    "",
  ].join("\n");
}

/** Sets what `/version` reports; Helm's kubeVersion check and our tests read it. */
function versionLdflags(): string {
  const [, major, minor] = kubernetesVersion.match(/^v(\d+)\.(\d+)\./) ?? [];
  const pkg = "k8s.io/component-base/version";
  return [
    `-X ${pkg}.gitVersion=${kubernetesVersion}`,
    `-X ${pkg}.gitMajor=${major}`,
    `-X ${pkg}.gitMinor=${minor}`,
    `-X ${pkg}.gitTreeState=clean`,
    `-X ${pkg}.buildDate=1970-01-01T00:00:00Z`,
  ].join(" ");
}

function goBuild(buildDir: string, outDir: string): Promise<void> {
  const args = ["build", "-v", "-trimpath", `-ldflags=-s -w ${versionLdflags()}`, "-o", `${outDir}/`];
  args.push(...kubeCommands.map((c) => `k8s.io/kubernetes/cmd/${c}`));
  const started = Date.now();
  return new Promise((done, fail) => {
    const child = spawn("go", args, { cwd: buildDir, env: { ...process.env, CGO_ENABLED: "0" } });
    let compiled = 0;
    let log = "";
    child.stderr.on("data", (chunk: Buffer) => {
      const text = chunk.toString();
      log = (log + text).slice(-8000);
      compiled += text.split("\n").filter((line) => line && !line.startsWith("go: ")).length;
    });
    const heartbeat = setInterval(() => {
      console.log(`  … kubernetes ${kubernetesVersion}: ${compiled} packages compiled, ${elapsed(started)}`);
    }, 30_000);
    child.on("close", (code) => {
      clearInterval(heartbeat);
      if (code === 0) done();
      else fail(new Error(`go build of ${kubeCommands.join(", ")} failed (exit ${code}):\n${log}`));
    });
  });
}

function elapsed(started: number): string {
  const seconds = Math.round((Date.now() - started) / 1000);
  return `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, "0")}s`;
}

/** Builds the Kubernetes commands into the user cache, then copies them to .tools/. */
async function ensureKubeBinaries(): Promise<void> {
  // Binaries the user points at (TEST_ASSET_*, KUBEBUILDER_ASSETS) or already in .tools/ need no build.
  if (kubeCommands.every((c) => findBinary(c, join(kubeBinDir, c)))) return;
  if (!kubeCommands.every((c) => existsSync(join(cacheDir, c)))) {
    const started = Date.now();
    const buildDir = join(toolsDir, `kubernetes-${kubernetesVersion}-build`);
    rmSync(buildDir, { recursive: true, force: true });
    mkdirSync(buildDir, { recursive: true });
    console.log(`building ${kubeCommands.join(", ")} ${kubernetesVersion} from the Go module proxy`);
    writeFileSync(join(buildDir, "go.mod"), wrapperGoMod(buildDir));
    console.log(`  resolving modules (go mod tidy), ${elapsed(started)}`);
    run("go", ["mod", "tidy"], buildDir);
    console.log(`  compiling (the first build takes ~30-40 min on 2 cores), ${elapsed(started)}`);
    mkdirSync(cacheDir, { recursive: true });
    await goBuild(buildDir, cacheDir);
    rmSync(buildDir, { recursive: true, force: true });
    console.log(`built the Kubernetes ${kubernetesVersion} commands in ${elapsed(started)}`);
  }
  mkdirSync(kubeBinDir, { recursive: true });
  for (const c of kubeCommands) {
    if (!existsSync(join(kubeBinDir, c))) copyFileSync(join(cacheDir, c), join(kubeBinDir, c));
  }
}

/** Builds or installs everything the cluster tests need (called from scripts/setup.ts). */
export async function ensureClusterTools(): Promise<void> {
  mkdirSync(toolsDir, { recursive: true });
  await ensureKubeBinaries();
  const binaries = clusterBinaries();
  console.log(`cluster tools: ${binaries.kubeApiserver}, ${binaries.kubeControllerManager}, ${binaries.etcd}`);
}

if (isEntry(import.meta.url)) {
  runMain(ensureClusterTools);
}
