// The one way scripts and tests run `helm template`: a chart folder (chart/ unless told) rendered
// for a release, parsed into Kubernetes objects. When helm refuses, the error is execa's, and its
// `stderr` is helm's reason.
import type { KubernetesObject } from "@kubernetes/client-node";
import { execa } from "execa";
import { parseAllDocuments } from "yaml";
import { kubernetesRange, minorOf } from "../../schema/chart.ts";
import type { HelmBinary } from "../tools.ts";
import { chartDir } from "./folder.ts";

/** The newest Kubernetes minor the chart claims; passed explicitly so every helm build agrees. */
export const kubeVersion = `${minorOf(kubernetesRange.newest)}.0`;

export interface RenderOptions {
  /** `cryptoflow` unless given. */
  release?: string;
  /** `default` unless given. */
  namespace?: string;
  /** The chart folder; chart/ unless given. */
  chart?: string;
  /** Capabilities.KubeVersion; `kubeVersion` unless given. */
  kubeVersion?: string;
  /** Values files, in order. */
  values?: string[];
  /** `--set` pairs. */
  set?: Record<string, string | number | boolean>;
  /** Further helm arguments, passed as they are (`--set`, `-f`, as a `helm install` beside it takes them). */
  args?: string[];
}

export interface Rendered {
  /** helm's output as it printed it. */
  text: string;
  /** Every document of the output that is an object, in order (hooks and test pods included). */
  objects: KubernetesObject[];
}

export function templateArgs(options: RenderOptions = {}): string[] {
  const args = [
    "template",
    options.release ?? "cryptoflow",
    options.chart ?? chartDir,
    "--namespace",
    options.namespace ?? "default",
    "--kube-version",
    options.kubeVersion ?? kubeVersion,
  ];
  for (const file of options.values ?? []) args.push("--values", file);
  for (const [key, value] of Object.entries(options.set ?? {})) args.push("--set", `${key}=${value}`);
  return [...args, ...(options.args ?? [])];
}

/** Every object of a multi-document manifest; a document YAML cannot read fails the whole parse. */
export function parseManifests(text: string): KubernetesObject[] {
  return parseAllDocuments(text).flatMap((document) => {
    const [error] = document.errors;
    if (error) throw error;
    const object = document.toJS() as unknown;
    return object && typeof object === "object" ? [object as KubernetesObject] : [];
  });
}

export async function helmTemplate(helm: HelmBinary, options: RenderOptions = {}): Promise<Rendered> {
  const { stdout } = await execa(helm.path, templateArgs(options));
  return { text: stdout, objects: parseManifests(stdout) };
}

/** `Kind/name`, as findings and messages name an object. */
export const objectName = (object: KubernetesObject) => `${object.kind}/${object.metadata?.name ?? "?"}`;
