// Opens TCP connections from inside a running pod, as its process would: by Service DNS name,
// through kube-proxy, under the NetworkPolicies the node enforces. One `kubectl exec` per pod
// tries every target at once (bash's /dev/tcp, bounded by `timeout`), so a whole matrix takes
// seconds. A dropped connection and a refused one both read as closed.
import { execIn } from "./kubectl.ts";

export interface Target {
  host: string;
  port: number;
}

const probeSeconds = 4;

export const targetKey = (target: Target) => `${target.host}:${target.port}`;

/** Which targets `pod` can open a TCP connection to, keyed `host:port`. */
export async function probeFrom(namespace: string, pod: string, targets: Target[]): Promise<Map<string, boolean>> {
  const tries = targets.map(
    (t) =>
      `(timeout ${probeSeconds} bash -c '</dev/tcp/${t.host}/${t.port}' 2>/dev/null && echo "open ${targetKey(t)}" || echo "closed ${targetKey(t)}") &`,
  );
  const script = [...tries, "wait"].join("\n");
  const result = await execIn(namespace, pod, ["bash", "-c", script], 60_000);
  if (result.exitCode !== 0) throw new Error(`probing from ${pod} failed (exit ${result.exitCode}): ${result.stderr}`);
  const seen = new Map<string, boolean>();
  for (const line of result.stdout.split("\n")) {
    const [state, key] = line.trim().split(" ");
    if (key && (state === "open" || state === "closed")) seen.set(key, state === "open");
  }
  const missing = targets.filter((t) => !seen.has(targetKey(t)));
  if (missing.length > 0) throw new Error(`no probe result from ${pod} for ${missing.map(targetKey).join(", ")}`);
  return seen;
}
