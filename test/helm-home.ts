// Runs a real helm binary with its config, cache and data in a temporary home, so the user's
// repositories and plugins never leak into a test, against a given kubeconfig.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import type { HelmBinary } from "../scripts/tools.ts";

export interface HelmCommandResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface IsolatedHelm {
  binary: HelmBinary;
  /** The HELM_*_HOME folders and KUBECONFIG that `run` gives helm, for a tool that runs helm itself (ct). */
  env: Readonly<Record<string, string>>;
  /** Runs helm; never throws on a non-zero exit (tests check the message). */
  run(args: string[], timeoutMs?: number): Promise<HelmCommandResult>;
  cleanup(): void;
}

export function isolatedHelm(binary: HelmBinary, kubeconfig: string): IsolatedHelm {
  const home = mkdtempSync(join(tmpdir(), `cryptoflow-helm${binary.major}-`));
  const env = {
    HELM_CONFIG_HOME: join(home, "config"),
    HELM_CACHE_HOME: join(home, "cache"),
    HELM_DATA_HOME: join(home, "data"),
    KUBECONFIG: kubeconfig,
  };
  return {
    binary,
    env,
    async run(args, timeoutMs = 240_000) {
      const result = await execa(binary.path, args, { env, reject: false, timeout: timeoutMs });
      return { exitCode: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr) };
    },
    cleanup: () => rmSync(home, { recursive: true, force: true }),
  };
}
