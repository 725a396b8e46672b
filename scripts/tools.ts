// The pinned Go-built tools the chart's tests and scripts use: where they live, how they are
// built (`go install` from the Go module proxy, with the ldflags that make `version` honest),
// and which helm binaries a run uses. `npm run tools` builds whatever is missing.
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { isEntry, runMain } from "./entry.ts";
import { projectRoot } from "./project-root.ts";

export const toolsDir = join(projectRoot, ".tools");
/** Built binaries are kept here too, so a fresh clone on the same machine copies instead of rebuilding. */
export const userCacheDir = join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "cryptoflow-chart");

export interface GoTool {
  /** Name of the folder under .tools/ and of the binary. */
  name: string;
  module: string;
  /** Package path passed to `go install`. */
  installPath: string;
  version: string;
  /** Extra `-X` flags, computed once the module's go.mod is known. */
  ldflags: (goModText: string) => string[];
}

/** Helm reads its default Kubernetes version from these variables; set them to the client-go it was built with. */
function helm3KubeVersionFlags(goModText: string): string[] {
  const match = goModText.match(/k8s\.io\/client-go v0\.(\d+)\./);
  if (!match) return [];
  const flags: string[] = [];
  for (const pkg of ["pkg/chartutil", "pkg/lint/rules"]) {
    flags.push(`-X helm.sh/helm/v3/${pkg}.k8sVersionMajor=1`, `-X helm.sh/helm/v3/${pkg}.k8sVersionMinor=${match[1]}`);
  }
  return flags;
}

export const helmTools: Record<3 | 4, GoTool> = {
  3: {
    name: "helm",
    module: "helm.sh/helm/v3",
    installPath: "helm.sh/helm/v3/cmd/helm",
    version: "v3.22.0",
    ldflags: (goMod) => ["-X helm.sh/helm/v3/internal/version.version=v3.22.0", ...helm3KubeVersionFlags(goMod)],
  },
  4: {
    name: "helm",
    module: "helm.sh/helm/v4",
    installPath: "helm.sh/helm/v4/cmd/helm",
    version: "v4.3.1",
    ldflags: () => ["-X helm.sh/helm/v4/internal/version.version=v4.3.1"],
  },
};

/** Oldest release of each major the chart supports: draft-07 schemas, `lookup`, `--kube-version`. */
const minimumHelm: Record<3 | 4, [number, number]> = { 3: [3, 18], 4: [4, 0] };

export function toolPath(tool: GoTool): string {
  return join(toolsDir, `${tool.name}-${tool.version}`, tool.name);
}

function cachedPath(tool: GoTool): string {
  return join(userCacheDir, `${tool.name}-${tool.version}`, tool.name);
}

function goOrExit(): void {
  const probe = spawnSync("go", ["version"], { encoding: "utf8" });
  if (probe.error || probe.status !== 0) {
    console.error(
      "error: Go is needed to build the pinned tools (helm) and `go` was not found: install Go 1.24 or newer, or set HELM_BIN to a helm 3.18+ or 4.x binary.",
    );
    process.exit(1);
  }
}

function moduleGoMod(tool: GoTool): string {
  const out = spawnSync("go", ["mod", "download", "-json", `${tool.module}@${tool.version}`], { encoding: "utf8" });
  if (out.status !== 0) throw new Error(`go mod download ${tool.module}@${tool.version} failed:\n${out.stderr}`);
  const info = JSON.parse(out.stdout) as { GoMod?: string };
  return info.GoMod ? readFileSync(info.GoMod, "utf8") : "";
}

/** Runs `go install`, printing a heartbeat with the count of packages compiled so far. */
function goInstall(tool: GoTool, gobin: string): Promise<void> {
  const ldflags = tool.ldflags(moduleGoMod(tool)).join(" ");
  const args = ["install", "-v", "-trimpath", `-ldflags=-s -w ${ldflags}`, `${tool.installPath}@${tool.version}`];
  console.log(`building ${tool.installPath}@${tool.version} with go install (a few minutes the first time)`);
  const started = Date.now();
  return new Promise((done, fail) => {
    const child = spawn("go", args, { env: { ...process.env, GOBIN: gobin, CGO_ENABLED: "0" } });
    let compiled = 0;
    let log = "";
    child.stderr.on("data", (chunk: Buffer) => {
      const text = chunk.toString();
      log += text;
      compiled += text.split("\n").filter((line) => line && !line.startsWith("go: ")).length;
    });
    const heartbeat = setInterval(() => {
      const seconds = Math.round((Date.now() - started) / 1000);
      console.log(`  … ${tool.name} ${tool.version}: ${compiled} packages compiled, ${seconds}s`);
    }, 15_000);
    child.on("close", (code) => {
      clearInterval(heartbeat);
      const seconds = Math.round((Date.now() - started) / 1000);
      if (code === 0) {
        console.log(`built ${tool.name} ${tool.version} in ${seconds}s`);
        done();
      } else
        fail(new Error(`go install ${tool.installPath}@${tool.version} failed (exit ${code}):\n${log.slice(-4000)}`));
    });
  });
}

/** Builds a tool's binary at the given path. */
export type ToolBuilder = (tool: GoTool, binary: string) => void | Promise<void>;

/** The usual way: `go install` into the binary's folder (the binary is named after the tool). */
const installWithGo: ToolBuilder = (tool, binary) => {
  goOrExit();
  return goInstall(tool, dirname(binary));
};

/** Makes sure the tool's binary exists in .tools/, from the user cache or by building it there first. */
export async function ensureTool(tool: GoTool, build: ToolBuilder = installWithGo): Promise<string> {
  const target = toolPath(tool);
  if (existsSync(target)) return target;
  const cached = cachedPath(tool);
  if (!existsSync(cached)) {
    mkdirSync(dirname(cached), { recursive: true });
    await build(tool, cached);
  }
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(cached, target);
  return target;
}

export interface HelmBinary {
  major: 3 | 4;
  path: string;
  version: string;
}

export function helmVersion(path: string): string | undefined {
  const out = spawnSync(path, ["version", "--template", "{{.Version}}"], { encoding: "utf8" });
  return out.status === 0 ? out.stdout.trim() : undefined;
}

function supportedMajor(version: string): 3 | 4 | undefined {
  const match = version.match(/^v(\d+)\.(\d+)\./);
  if (!match) return undefined;
  const [major, minor] = [Number(match[1]), Number(match[2])];
  if (major !== 3 && major !== 4) return undefined;
  const [, minMinor] = minimumHelm[major];
  return minor >= minMinor ? major : undefined;
}

/**
 * The helm binaries a run uses: HELM_BIN alone when set; otherwise, per major, a supported helm
 * on PATH or the pinned build in .tools/. Throws a one-line message naming what is missing.
 */
export function helmBinaries(): HelmBinary[] {
  const chosen = process.env.HELM_BIN;
  if (chosen) {
    const version = helmVersion(chosen);
    const major = version && supportedMajor(version);
    if (!version || !major) {
      throw new Error(`HELM_BIN=${chosen} is not a supported helm (need 3.18+ or 4.x, got ${version ?? "no version"})`);
    }
    return [{ major, path: chosen, version }];
  }
  const onPath = helmVersion("helm");
  const pathMajor = onPath ? supportedMajor(onPath) : undefined;
  return ([3, 4] as const).map((major) => {
    if (pathMajor === major && onPath) return { major, path: "helm", version: onPath };
    const path = toolPath(helmTools[major]);
    if (!existsSync(path)) {
      throw new Error(`helm ${helmTools[major].version} is not built: run \`npm run tools\` (or set HELM_BIN)`);
    }
    return { major, path, version: helmTools[major].version };
  });
}

async function main(): Promise<void> {
  const onPath = helmVersion("helm");
  for (const major of [3, 4] as const) {
    if (!process.env.HELM_BIN && onPath && supportedMajor(onPath) === major) {
      console.log(`helm ${major}: using ${onPath} from PATH`);
      continue;
    }
    const path = await ensureTool(helmTools[major]);
    console.log(`helm ${major}: ${path} (${helmVersion(path)})`);
  }
}

if (isEntry(import.meta.url)) {
  runMain(main);
}
