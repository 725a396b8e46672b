// Renders a chart directory once per values profile (values.yaml, then each profiles/*.yaml) with
// Helm 4 and a 53-character release name, the longest Helm allows, so name-length limits show.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import type { KubernetesObject } from "@kubernetes/client-node";
import { execa } from "execa";
import { load, loadAll } from "js-yaml";
import { kubernetesRange, minorOf } from "../../schema/chart.ts";
import type { HelmBinary } from "../tools.ts";

export const longReleaseName = "long-release-name-".padEnd(53, "x");
export const renderNamespace = "cryptoflow";
/** The newest Kubernetes minor Chart.yaml's kubeVersion claims: helm template's Capabilities. */
export const renderKubeVersion = `${minorOf(kubernetesRange.newest)}.0`;

export interface Profile {
  name: string;
  /** The extra values file; none for the chart's own values.yaml. */
  file?: string;
}

export interface RenderedProfile {
  profile: Profile;
  /** A label for findings: `default`, `profile small`, `default, prefixWithReleaseName=true`. */
  label: string;
  text: string;
  objects: KubernetesObject[];
  /** values.yaml merged with the profile and the --set overrides, as helm sees them. */
  values: Record<string, unknown>;
}

export function chartProfiles(chartDir: string): Profile[] {
  const profilesDir = join(chartDir, "profiles");
  const files = existsSync(profilesDir)
    ? readdirSync(profilesDir)
        .filter((file) => /\.ya?ml$/.test(file))
        .sort()
    : [];
  return [
    { name: "default" },
    ...files.map((file) => ({ name: basename(file).replace(/\.ya?ml$/, ""), file: join(profilesDir, file) })),
  ];
}

export const profileArgs = (profile: Profile) => (profile.file ? ["--values", profile.file] : []);

type Values = Record<string, unknown>;

function deepMerge(base: Values, override: Values): Values {
  const merged: Values = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const current = merged[key];
    const bothMaps = [current, value].every((item) => item && typeof item === "object" && !Array.isArray(item));
    merged[key] = bothMaps ? deepMerge(current as Values, value as Values) : value;
  }
  return merged;
}

function setPath(values: Values, path: string, value: unknown): Values {
  const [head, ...rest] = path.split(".");
  const current = (values[head] ?? {}) as Values;
  return { ...values, [head]: rest.length ? setPath(current, rest.join("."), value) : value };
}

export async function renderProfile(
  helm: HelmBinary,
  chartDir: string,
  profile: Profile,
  set: Record<string, string> = {},
): Promise<RenderedProfile> {
  const setArgs = Object.entries(set).flatMap(([key, value]) => ["--set", `${key}=${value}`]);
  const args = ["template", longReleaseName, chartDir, "--namespace", renderNamespace, "--kube-version"];
  const { stdout } = await execa(helm.path, [...args, renderKubeVersion, ...profileArgs(profile), ...setArgs]);
  let values = (load(readFileSync(join(chartDir, "values.yaml"), "utf8")) ?? {}) as Values;
  if (profile.file) values = deepMerge(values, (load(readFileSync(profile.file, "utf8")) ?? {}) as Values);
  for (const [key, value] of Object.entries(set)) values = setPath(values, key, value === "true" ? true : value);
  const overrides = Object.entries(set).map(([key, value]) => `${key}=${value}`);
  return {
    profile,
    label: [profile.name === "default" ? "default" : `profile ${profile.name}`, ...overrides].join(", "),
    text: stdout,
    objects: (loadAll(stdout) as (KubernetesObject | null)[]).filter((object): object is KubernetesObject => !!object),
    values,
  };
}

export const objectName = (object: KubernetesObject) => `${object.kind}/${object.metadata?.name ?? "?"}`;
