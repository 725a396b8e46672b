// One release of the chart on the e2e cluster, installed the way a user installs it: a namespace
// that enforces the `restricted` Pod Security Standard, `helm install --wait` of the default
// values, and everything removed afterwards so the next release can take NodePort 30000.
import { inject } from "vitest";
import { chartDir } from "../../scripts/chart/folder.ts";
import type { HelmBinary } from "../../scripts/tools.ts";
import { type IsolatedHelm, isolatedHelm } from "../helm-home.ts";
import { getJson, kubectl, kubectlOk } from "./kubectl.ts";

export const releaseName = "cryptoflow";
/** Bounds `helm install --wait`; the budget for a default install is 3 minutes. */
const installTimeout = "10m";

export interface Release {
  namespace: string;
  helm: IsolatedHelm;
  /** Seconds `helm install --wait` took. */
  installSeconds: number;
  /** What `helm install` printed on stderr: the API server's warnings, Pod Security's among them. */
  installStderr: string;
}

interface PodList {
  items: {
    metadata: { name: string; labels?: Record<string, string>; deletionTimestamp?: string };
    status: { phase: string; containerStatuses?: { ready: boolean; restartCount: number }[] };
  }[];
}

export async function createRestrictedNamespace(namespace: string): Promise<void> {
  await kubectlOk(["create", "namespace", namespace]);
  await kubectlOk([
    "label",
    "namespace",
    namespace,
    "pod-security.kubernetes.io/enforce=restricted",
    "pod-security.kubernetes.io/warn=restricted",
    "pod-security.kubernetes.io/audit=restricted",
  ]);
}

/**
 * `helm install --wait` into a new restricted namespace (or one made beforehand, with
 * `namespaceCreated`, to hold a Secret first); `args` adds values (`--values`, `--set`).
 */
export async function installRelease(
  binary: HelmBinary,
  namespace: string,
  args: string[] = [],
  { namespaceCreated = false, chart = chartDir } = {},
): Promise<Release> {
  const helm = isolatedHelm(binary, inject("kubeconfig"));
  if (!namespaceCreated) await createRestrictedNamespace(namespace);
  const started = Date.now();
  const result = await helm.run(
    ["install", releaseName, chart, "--namespace", namespace, "--wait", "--timeout", installTimeout, ...args],
    11 * 60_000,
  );
  if (result.exitCode !== 0) {
    const pods = await kubectl(["-n", namespace, "get", "pods", "-o", "wide"]);
    const events = await kubectl(["-n", namespace, "get", "events", "--sort-by=.lastTimestamp"]);
    throw new Error(
      `helm ${binary.version} install failed:\n${result.stderr}\n--- pods ---\n${pods.stdout}\n--- events ---\n${events.stdout.split("\n").slice(-40).join("\n")}`,
    );
  }
  return { namespace, helm, installSeconds: (Date.now() - started) / 1000, installStderr: result.stderr };
}

export async function uninstallRelease(release: Release): Promise<void> {
  await release.helm.run(["uninstall", releaseName, "--namespace", release.namespace, "--wait", "--timeout", "3m"]);
  // helm's --wait already freed NodePort 30000; the rest of the namespace may go in the background.
  await kubectl(["delete", "namespace", release.namespace, "--wait=false"]);
  release.helm.cleanup();
}

/** The running pod of a component (the Deployment's one replica). */
export async function podOf(namespace: string, component: string): Promise<string> {
  const pods = await getJson<PodList>(namespace, [
    "pods",
    "-l",
    `app.kubernetes.io/instance=${releaseName},app.kubernetes.io/component=${component}`,
    "--field-selector=status.phase=Running",
  ]);
  const name = pods.items[0]?.metadata.name;
  if (!name) throw new Error(`no running pod of ${component} in ${namespace}`);
  return name;
}

export async function podsOf(namespace: string): Promise<PodList["items"]> {
  return (await getJson<PodList>(namespace, ["pods", "-l", `app.kubernetes.io/instance=${releaseName}`])).items;
}
