// Runs the real helm binaries against the test cluster, with helm's own config, cache and data
// in a temporary home (the user's repositories and plugins never leak in), and with hook Jobs
// completed while helm waits for them.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import type { HelmBinary } from "../../scripts/tools.ts";
import type { TestCluster } from "./cluster.ts";
import { completeHooks, type SeenHook } from "./hooks.ts";

export interface HelmResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** Hook Jobs and Pods created while this command ran. */
  hooks: SeenHook[];
}

export interface HelmRunner {
  binary: HelmBinary;
  /** Runs helm in `namespace`; never throws on a non-zero exit (tests check the message). */
  run(namespace: string, args: string[]): Promise<HelmResult>;
  /** Like run, but throws with helm's message when it fails. */
  ok(namespace: string, args: string[]): Promise<HelmResult>;
  cleanup(): void;
}

/** Keeps every helm command bounded; the tests' own timeouts are longer. */
const helmTimeout = "3m";

export function helmRunner(binary: HelmBinary, cluster: TestCluster): HelmRunner {
  const home = mkdtempSync(join(tmpdir(), `cryptoflow-helm${binary.major}-`));
  const env = {
    HELM_CONFIG_HOME: join(home, "config"),
    HELM_CACHE_HOME: join(home, "cache"),
    HELM_DATA_HOME: join(home, "data"),
    KUBECONFIG: cluster.kubeconfig,
  };
  const run = async (namespace: string, args: string[]): Promise<HelmResult> => {
    const waits = ["install", "upgrade", "rollback", "uninstall", "test"].includes(args[0] ?? "");
    const hooks = waits ? await completeHooks(cluster, namespace) : undefined;
    const fullArgs = [...args, "--namespace", namespace, ...(waits ? ["--timeout", helmTimeout] : [])];
    const result = await execa(binary.path, fullArgs, { env, reject: false, timeout: 240_000 });
    const { jobs, errors } = (await hooks?.stop()) ?? { jobs: [], errors: [] };
    // A hook the tests could not complete would make helm's result meaningless: fail loudly.
    if (errors.length > 0)
      throw new Error(`helm ${args.join(" ")}: could not mark hooks complete: ${errors.join("; ")}`);
    return {
      exitCode: result.exitCode ?? -1,
      stdout: String(result.stdout),
      stderr: String(result.stderr),
      hooks: jobs,
    };
  };
  return {
    binary,
    run,
    async ok(namespace, args) {
      const result = await run(namespace, args);
      if (result.exitCode !== 0) {
        throw new Error(`helm ${binary.version} ${args.join(" ")} failed (exit ${result.exitCode}):\n${result.stderr}`);
      }
      return result;
    },
    cleanup: () => rmSync(home, { recursive: true, force: true }),
  };
}
