// What `helm template` says an install creates, split as helm installs it: the release's own
// objects, and the hooks (the migrations Job, `helm test` pods) that helm runs apart from them.
import type { KubernetesObject } from "@kubernetes/client-node";
import { helmTemplate } from "../../scripts/chart/helm-template.ts";
import { kubernetesVersion } from "../../scripts/cluster/binaries.ts";
import type { HelmBinary } from "../../scripts/tools.ts";

export interface RenderedObject extends KubernetesObject {
  spec?: Record<string, unknown>;
}

export interface InstallPlan {
  /** Objects helm manages as the release (no hooks). */
  objects: RenderedObject[];
  /** Hook objects, with their `helm.sh/hook` annotation. */
  hooks: { object: RenderedObject; hook: string }[];
}

/** The chart rendered for the test cluster's Kubernetes version; `args` as the `helm install` beside it takes them. */
export async function installPlan(
  binary: HelmBinary,
  release: string,
  namespace: string,
  args: string[],
): Promise<InstallPlan> {
  const { objects } = await helmTemplate(binary, { release, namespace, kubeVersion: kubernetesVersion, args });
  const hookOf = (object: RenderedObject) => object.metadata?.annotations?.["helm.sh/hook"];
  return {
    objects: objects.filter((object) => !hookOf(object)),
    hooks: objects.filter(hookOf).map((object) => ({ object, hook: hookOf(object) as string })),
  };
}
