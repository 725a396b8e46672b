// Renders a chart directory once per values profile (values.yaml, then each profiles/*.yaml) with
// Helm 4 and a 53-character release name, the longest Helm allows, so name-length limits show.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { type Profile, profileValues } from "../chart/folder.ts";
import { helmTemplate, type Rendered } from "../chart/helm-template.ts";
import type { HelmBinary } from "../tools.ts";

const longReleaseName = "long-release-name-".padEnd(53, "x");
const renderNamespace = "cryptoflow";

export interface RenderedProfile extends Rendered {
  profile: Profile;
  /** A label for findings: `default`, `profile small`, `default, prefixWithReleaseName=true`. */
  label: string;
  /** values.yaml merged with the profile and the --set overrides, as helm sees them. */
  values: Record<string, unknown>;
}

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

const readValues = (file: string) => (parse(readFileSync(file, "utf8")) ?? {}) as Values;

export async function renderProfile(
  helm: HelmBinary,
  chartDir: string,
  profile: Profile,
  set: Record<string, string> = {},
): Promise<RenderedProfile> {
  const rendered = await helmTemplate(helm, {
    release: longReleaseName,
    chart: chartDir,
    namespace: renderNamespace,
    values: profileValues(profile),
    set,
  });
  let values = readValues(join(chartDir, "values.yaml"));
  if (profile.file) values = deepMerge(values, readValues(profile.file));
  for (const [key, value] of Object.entries(set)) values = setPath(values, key, value === "true" ? true : value);
  const overrides = Object.entries(set).map(([key, value]) => `${key}=${value}`);
  return {
    ...rendered,
    profile,
    label: [profile.name === "default" ? "default" : `profile ${profile.name}`, ...overrides].join(", "),
    values,
  };
}
