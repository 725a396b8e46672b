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

/**
 * `kubectl port-forward` to a Service on a free port of 127.0.0.1, as a user reaches a ClusterIP
 * Service from their machine; `stop()` ends it.
 */
export async function portForward(
  namespace: string,
  service: string,
  port: number,
): Promise<{ url: string; stop: () => void }> {
  const kubectlPath = process.env.KUBECTL ?? kubeBinary("kubectl");
  const child = execa(
    kubectlPath,
    ["-n", namespace, "port-forward", "--address", "127.0.0.1", `service/${service}`, `:${port}`],
    { env: { KUBECONFIG: inject("kubeconfig") }, reject: false, timeout: 15 * 60_000 },
  );
  const localPort = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`port-forward to ${service}:${port} did not start`)), 20_000);
    child.stdout?.on("data", (chunk: Buffer) => {
      const match = String(chunk).match(/Forwarding from 127\.0\.0\.1:(\d+)/);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.once("exit", () => reject(new Error(`port-forward to ${service}:${port} exited: ${child.exitCode}`)));
  });
  return { url: `http://127.0.0.1:${localPort}`, stop: () => child.kill() };
}
