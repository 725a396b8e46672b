// Runs the real helm binaries against the API-server-only cluster. Nothing runs pods there, so
// install, upgrade and rollback skip the hooks (`--no-hooks`) rather than wait for Jobs no
// kubelet would run: the hooks run for real on the node (test/e2e). What hooks and `helm test`
// pods would be admitted is checked with a server-side dry run (install.test.ts).
import type { HelmBinary } from "../../scripts/tools.ts";
import { type HelmCommandResult, isolatedHelm } from "../helm-home.ts";
import type { TestCluster } from "./cluster.ts";

export type HelmResult = HelmCommandResult;

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
const runsHooks = ["install", "upgrade", "rollback"];

export function helmRunner(binary: HelmBinary, cluster: TestCluster): HelmRunner {
  const helm = isolatedHelm(binary, cluster.kubeconfig);
  const run = (namespace: string, args: string[]): Promise<HelmResult> => {
    const command = args[0] ?? "";
    const noHooks = runsHooks.includes(command) ? ["--no-hooks"] : [];
    const timeout = [...runsHooks, "uninstall", "test"].includes(command) ? ["--timeout", helmTimeout] : [];
    return helm.run([...args, "--namespace", namespace, ...noHooks, ...timeout]);
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
    cleanup: helm.cleanup,
  };
}
