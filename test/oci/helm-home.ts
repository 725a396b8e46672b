// A throwaway helm configuration for one test run, so registry logins and caches never reach
// the user's ~/.config/helm or ~/.cache/helm, and scripts run with a chosen helm major.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { projectRoot } from "../../scripts/project-root.ts";

export interface RunResult {
  status: number;
  stdout: string;
  stderr: string;
}

export interface HelmHome {
  /** Environment for helm, cosign and our scripts: temp helm and Docker config dirs, HELM_BIN, no inherited credentials or cosign settings. */
  env: NodeJS.ProcessEnv;
  dir: string;
  helm: (args: string[], input?: string) => RunResult;
  /** Runs scripts/oci/<script>.ts as `npm run <script>` would, with this helm. */
  script: (
    script: "package" | "publish" | "sign" | "verify-signature" | "artifacthub-metadata",
    args: string[],
    extraEnv?: NodeJS.ProcessEnv,
  ) => RunResult;
  remove: () => void;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv, input = ""): RunResult {
  const result = spawnSync(command, args, { env, input, encoding: "utf8", timeout: 180_000, cwd: projectRoot });
  if (result.error) throw result.error;
  return { status: result.status ?? 1, stdout: result.stdout, stderr: result.stderr };
}

export function helmHome(helmPath: string): HelmHome {
  const dir = mkdtempSync(join(tmpdir(), "cryptoflow-helm-home-"));
  // COSIGN_REPOSITORY, SIGSTORE_* and TUF_* would send cosign elsewhere; COSIGN_PASSWORD is the test's to set.
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !/^(HELM_|COSIGN_|SIGSTORE_|TUF_)/.test(name) && name !== "CHART_SIGNING_PASSPHRASE",
    ),
  );
  const env: NodeJS.ProcessEnv = {
    ...inherited,
    HELM_BIN: helmPath,
    HELM_CONFIG_HOME: join(dir, "config"),
    HELM_CACHE_HOME: join(dir, "cache"),
    HELM_DATA_HOME: join(dir, "data"),
    HELM_REGISTRY_CONFIG: join(dir, "config", "registry", "config.json"),
    HELM_REPOSITORY_CONFIG: join(dir, "config", "repositories.yaml"),
    HELM_REPOSITORY_CACHE: join(dir, "cache", "repository"),
    // cosign's registry logins (docker login), so the user's never reach a test.
    DOCKER_CONFIG: join(dir, "docker"),
  };
  const tsx = join(projectRoot, "node_modules", ".bin", "tsx");
  return {
    env,
    dir,
    helm: (args, input) => run(helmPath, args, env, input),
    script: (script, args, extraEnv = {}) =>
      run(tsx, [join(projectRoot, "scripts", "oci", `${script}.ts`), ...args], { ...env, ...extraEnv }),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
