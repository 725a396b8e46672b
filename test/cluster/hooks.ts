// Helm waits for hook Jobs (the chart's migrations Job) to complete. No kubelet runs their pods
// here and the Job controller is off, so while helm runs we do what kubelet + Job controller
// would do after `alembic upgrade head` exits 0: mark each hook Job complete through its
// status subresource. The API server validates that status like any controller's.
// `helm test` likewise waits for its test Pods to succeed: we set their phase to Succeeded, as
// the kubelet would once the container exits 0. Nothing the pods would check is checked.
import type { V1Job, V1Pod } from "@kubernetes/client-node";
import { listIn, type TestCluster } from "./cluster.ts";
import { KubeClient, KubeError } from "./kube-client.ts";

export interface SeenHook {
  kind: string;
  name: string;
  uid: string;
  hook: string;
}

function isFinished(job: V1Job): boolean {
  return (job.status?.conditions ?? []).some(
    (c) => (c.type === "Complete" || c.type === "Failed") && c.status === "True",
  );
}

function succeeded(job: V1Job): V1Job {
  const now = new Date();
  const condition = (type: string) => ({
    type,
    status: "True",
    reason: "CompletionsReached",
    message: "Reached expected number of succeeded pods (marked by the cluster tests: no kubelet runs pods here)",
    lastProbeTime: now,
    lastTransitionTime: now,
  });
  const completions = job.spec?.completions ?? 1;
  return {
    ...job,
    status: {
      ...job.status,
      startTime: job.status?.startTime ?? now,
      completionTime: now,
      active: 0,
      ready: 0,
      succeeded: completions,
      conditions: [...(job.status?.conditions ?? []), condition("SuccessCriteriaMet"), condition("Complete")],
    },
  };
}

function podSucceeded(pod: V1Pod): V1Pod {
  const now = new Date();
  return {
    ...pod,
    status: {
      ...pod.status,
      phase: "Succeeded",
      startTime: pod.status?.startTime ?? now,
      conditions: [{ type: "Ready", status: "False", reason: "PodCompleted", lastTransitionTime: now }],
    },
  };
}

async function hookUids(cluster: TestCluster, namespace: string): Promise<Set<string>> {
  const objects = [
    ...(await listIn<V1Job>(cluster, namespace, "jobs").catch(() => [])),
    ...(await listIn<V1Pod>(cluster, namespace, "pods").catch(() => [])),
  ];
  return new Set(objects.map((o) => o.metadata?.uid ?? ""));
}

/**
 * Completes every hook Job and test Pod that appears in `namespace` until stopped; bounded to
 * `maxMs`. Reports only the hooks created after it started (earlier ones are already complete).
 */
export async function completeHooks(cluster: TestCluster, namespace: string, maxMs = 240_000) {
  const earlier = await hookUids(cluster, namespace);
  const seen = new Map<string, SeenHook>();
  // The last failed attempt per object; a later success clears it (a conflict is retried next round).
  const failures = new Map<string, string>();
  const mark = (kind: string, name: string, path: string, body: unknown) =>
    cluster.kube.request("PUT", path, body).then(
      () => failures.delete(`${kind}/${name}`),
      // Gone (helm deleted a finished hook) is not a failure; anything else is, until a retry succeeds.
      (error: Error) =>
        error instanceof KubeError && error.status === 404
          ? failures.delete(`${kind}/${name}`)
          : failures.set(`${kind}/${name}`, error.message),
    );
  let stopped = false;
  const loop = (async () => {
    const deadline = Date.now() + maxMs;
    while (!stopped && Date.now() < deadline) {
      const jobs = await listIn<V1Job>(cluster, namespace, "jobs").catch(() => []);
      for (const job of jobs) {
        const hook = job.metadata?.annotations?.["helm.sh/hook"];
        const { name, uid } = job.metadata ?? {};
        if (!hook || !name || !uid) continue;
        seen.set(uid, { kind: "Job", name, uid, hook });
        if (isFinished(job)) continue;
        await mark("Job", name, `${KubeClient.path(namespace, "jobs", name)}/status`, succeeded(job));
      }
      const pods = await listIn<V1Pod>(cluster, namespace, "pods").catch(() => []);
      for (const pod of pods) {
        const hook = pod.metadata?.annotations?.["helm.sh/hook"];
        const { name, uid } = pod.metadata ?? {};
        if (!hook || !name || !uid) continue;
        seen.set(uid, { kind: "Pod", name, uid, hook });
        if (pod.status?.phase === "Succeeded" || pod.status?.phase === "Failed") continue;
        await mark("Pod", name, `${KubeClient.path(namespace, "pods", name)}/status`, podSucceeded(pod));
      }
      await new Promise((done) => setTimeout(done, 300));
    }
  })();
  return {
    /** Stops the loop; returns the hooks seen (one entry per created object) and those it could not mark. */
    async stop(): Promise<{ jobs: SeenHook[]; errors: string[] }> {
      stopped = true;
      await loop;
      const errors = [...failures].map(([object, message]) => `${object}: ${message}`);
      return { jobs: [...seen.values()].filter((hook) => !earlier.has(hook.uid)), errors };
    },
  };
}
