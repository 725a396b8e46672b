// kubectl against the e2e cluster, as a user checks what runs: read objects, exec into pods.
import { execa } from "execa";
import { inject } from "vitest";
import { kubeBinary } from "../../scripts/cluster/binaries.ts";

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** kubectl with the e2e cluster's kubeconfig; never throws on a non-zero exit. */
export async function kubectl(
  args: string[],
  options: { input?: string; timeoutMs?: number } = {},
): Promise<ExecResult> {
  const kubectlPath = process.env.KUBECTL ?? kubeBinary("kubectl");
  const result = await execa(kubectlPath, args, {
    env: { KUBECONFIG: inject("kubeconfig") },
    input: options.input,
    reject: false,
    timeout: options.timeoutMs ?? 120_000,
  });
  return { exitCode: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr) };
}

/** Like kubectl, but throws with its message on failure. */
export async function kubectlOk(args: string[], input?: string): Promise<string> {
  const result = await kubectl(args, { input });
  if (result.exitCode !== 0) throw new Error(`kubectl ${args.join(" ")} failed:\n${result.stderr}`);
  return result.stdout;
}

export async function getJson<T>(namespace: string, args: string[]): Promise<T> {
  return JSON.parse(await kubectlOk(["-n", namespace, "get", ...args, "-o", "json"])) as T;
}

/** Runs a command in the first container of a pod. */
export function execIn(namespace: string, pod: string, command: string[], timeoutMs = 60_000): Promise<ExecResult> {
  return kubectl(["-n", namespace, "exec", pod, "--", ...command], { timeoutMs });
}
