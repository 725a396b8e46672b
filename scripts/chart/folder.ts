// The chart on disk: its folder, its files, and the values profiles it ships (chart/profiles/*.yaml),
// found by listing the folder so lint and tests pick up a new profile without being told.
import { existsSync, readdirSync } from "node:fs";
import { basename, join, relative } from "node:path";
import { projectRoot } from "../project-root.ts";

export const chartDir = join(projectRoot, "chart");

/** Every file of a chart folder (chart/ unless given), relative to it, in path order; none when it is missing. */
export function chartFiles(dir: string = chartDir): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

export interface Profile {
  /** `default` for the chart's own values.yaml alone, else the profile file's name without `.yaml`. */
  name: string;
  /** The profile's values file; none for the defaults. */
  file?: string;
}

/** The chart's defaults, then every shipped profile in name order. */
export function chartProfiles(dir: string = chartDir): Profile[] {
  const profilesDir = join(dir, "profiles");
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

/** One shipped profile by name; throws when the chart has none of that name. */
export function chartProfile(name: string, dir: string = chartDir): Profile {
  const found = chartProfiles(dir).find((profile) => profile.name === name);
  if (!found) throw new Error(`the chart in ${dir} ships no profile named ${name}`);
  return found;
}

/** The values files helm is given for a profile: none for the defaults. */
export const profileValues = (profile: Profile): string[] => (profile.file ? [profile.file] : []);

/** `--values FILE` for a profile, as helm template, lint and install take it. */
export const profileArgs = (profile: Profile): string[] => profileValues(profile).flatMap((file) => ["--values", file]);
