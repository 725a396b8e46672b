// The pinned Go tools the lint runs, built with `go install` from the Go module proxy through
// scripts/tools.ts's ensureTool (so they share its .tools/ layout and user-level cache).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureTool, type GoTool, toolPath } from "../tools.ts";

export const kubeconformTool: GoTool = {
  name: "kubeconform",
  module: "github.com/yannh/kubeconform",
  installPath: "github.com/yannh/kubeconform/cmd/kubeconform",
  version: "v0.7.0",
  ldflags: () => ["-X main.version=v0.7.0"],
};

export const chartTestingTool: GoTool = {
  name: "ct",
  module: "github.com/helm/chart-testing/v3",
  installPath: "github.com/helm/chart-testing/v3/ct",
  version: "v3.14.0",
  ldflags: () => ["-X github.com/helm/chart-testing/v3/ct/cmd.Version=v3.14.0"],
};

export const kubeScoreTool: GoTool = {
  name: "kube-score",
  module: "github.com/zegl/kube-score",
  installPath: "github.com/zegl/kube-score/cmd/kube-score",
  version: "v1.20.0",
  ldflags: () => ["-X main.version=v1.20.0"],
};

/** Lints .github/workflows/ (expressions, job graph, action inputs; runs shellcheck on `run:` when it is on PATH). */
export const actionlintTool: GoTool = {
  name: "actionlint",
  module: "github.com/rhysd/actionlint",
  installPath: "github.com/rhysd/actionlint/cmd/actionlint",
  version: "v1.7.12",
  // actionlint's release builds set this (without the "v"); `actionlint -version` prints it.
  ldflags: () => ["-X github.com/rhysd/actionlint.version=1.7.12"],
};

export const lintGoTools: GoTool[] = [kubeconformTool, chartTestingTool, kubeScoreTool, actionlintTool];

/** The built binary, or an error that says how to build it (tests fail with this, never skip). */
export function builtTool(tool: GoTool): string {
  const path = toolPath(tool);
  if (!existsSync(path)) {
    throw new Error(`${tool.name} ${tool.version} is not built: run \`npx tsx scripts/lint/setup.ts\` (needs Go)`);
  }
  return path;
}

function goModDownload(moduleAtVersion: string): { GoMod: string; Dir: string; Sum: string; GoModSum: string } {
  const out = spawnSync("go", ["mod", "download", "-json", moduleAtVersion], { encoding: "utf8" });
  if (out.error)
    throw new Error("Go is needed to build the lint tools and `go` was not found: install Go 1.24 or newer");
  if (out.status !== 0) throw new Error(`go mod download ${moduleAtVersion} failed:\n${out.stdout}${out.stderr}`);
  return JSON.parse(out.stdout);
}

/**
 * `go install ct@v3.14.0` fails here: it looks up the module's deprecation in the proxy's version
 * list, which the proxy refuses (403) for chart-testing. Building the same package from a wrapper
 * module that requires exactly that version (and reuses its go.sum) needs only the version itself.
 */
function buildFromWrapperModule(tool: GoTool, output: string): void {
  const info = goModDownload(`${tool.module}@${tool.version}`);
  const goDirective = readFileSync(info.GoMod, "utf8").match(/^go (\S+)/m)?.[1] ?? "1.24";
  const wrapper = mkdtempSync(join(tmpdir(), `${tool.name}-build-`));
  try {
    writeFileSync(
      join(wrapper, "go.mod"),
      `module cryptoflow.local/${tool.name}-build\n\ngo ${goDirective}\n\nrequire ${tool.module} ${tool.version}\n`,
    );
    const sums = existsSync(join(info.Dir, "go.sum")) ? readFileSync(join(info.Dir, "go.sum"), "utf8") : "";
    writeFileSync(
      join(wrapper, "go.sum"),
      `${sums}${tool.module} ${tool.version} ${info.Sum}\n${tool.module} ${tool.version}/go.mod ${info.GoModSum}\n`,
    );
    console.log(`building ${tool.installPath}@${tool.version} from a wrapper module (a minute or two the first time)`);
    const ldflags = `-s -w ${tool.ldflags("").join(" ")}`;
    const build = spawnSync("go", ["build", "-trimpath", `-ldflags=${ldflags}`, "-o", output, tool.installPath], {
      cwd: wrapper,
      encoding: "utf8",
      env: { ...process.env, CGO_ENABLED: "0" },
    });
    if (build.status !== 0) throw new Error(`go build ${tool.installPath}@${tool.version} failed:\n${build.stderr}`);
  } finally {
    rmSync(wrapper, { recursive: true, force: true });
  }
}

/** Builds the lint's Go tools one after another (the machine has two cores shared with other builds). */
export async function ensureLintGoTools(): Promise<void> {
  await ensureTool(kubeconformTool);
  await ensureTool(kubeScoreTool);
  await ensureTool(chartTestingTool, buildFromWrapperModule);
  await ensureTool(actionlintTool);
}
