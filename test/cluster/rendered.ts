// What `helm template` says an install creates, to compare with what the cluster then holds.
import type { KubernetesObject } from "@kubernetes/client-node";
import { execa } from "execa";
import { parseAllDocuments } from "yaml";
import { kubernetesVersion } from "../../scripts/cluster/binaries.ts";
import type { HelmBinary } from "../../scripts/tools.ts";
import { chartDir } from "./chart.ts";

export interface RenderedObject extends KubernetesObject {
  spec?: Record<string, unknown>;
}

export interface Rendered {
  /** Objects helm manages as the release (no hooks). */
  objects: RenderedObject[];
  /** Hook objects, with their `helm.sh/hook` annotation. */
  hooks: { object: RenderedObject; hook: string }[];
}

export async function renderChart(
  binary: HelmBinary,
  release: string,
  namespace: string,
  valuesArgs: string[],
): Promise<Rendered> {
  const args = ["template", release, chartDir, "--namespace", namespace, "--kube-version", kubernetesVersion];
  const { stdout } = await execa(binary.path, [...args, ...valuesArgs]);
  const all = parseAllDocuments(stdout)
    .map((doc) => doc.toJS() as RenderedObject | null)
    .filter((o): o is RenderedObject => Boolean(o?.kind));
  const hookOf = (o: RenderedObject) => o.metadata?.annotations?.["helm.sh/hook"];
  return {
    objects: all.filter((o) => !hookOf(o)),
    hooks: all.filter((o) => hookOf(o)).map((object) => ({ object, hook: hookOf(object) as string })),
  };
}

export function describeObject(object: KubernetesObject): string {
  return `${object.kind}/${object.metadata?.name}`;
}
