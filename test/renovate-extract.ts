// What Renovate's regex custom managers extract from this repository, computed the way Renovate
// 44 does it (lib/modules/manager/custom/regex and lib/workers/repository/extract/file-match):
// files chosen by ignorePaths and managerFilePatterns, each matchString applied with the `g` flag,
// the "any" or "combination" strategy, and the *Template fields compiled with Handlebars
// (noEscape) over the named groups. Options this model does not cover are refused, not ignored.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { runInNewContext } from "node:vm";
import Handlebars from "handlebars";
import { renovateConfig } from "../scripts/lint/renovate.ts";
import { projectRoot } from "../scripts/project-root.ts";

export interface RegexManager {
  customType: string;
  description?: string;
  managerFilePatterns: string[];
  matchStrings: string[];
  matchStringsStrategy?: "any" | "combination" | "recursive";
  [field: string]: unknown;
}

export interface RenovateConfig {
  enabledManagers?: string[];
  ignorePaths?: string[];
  includePaths?: string[];
  customManagers?: RegexManager[];
}

export interface Dependency {
  depName?: string;
  packageName?: string;
  currentValue?: string;
  currentDigest?: string;
  datasource?: string;
  registryUrl?: string;
  /** Where it was found, for messages. */
  file: string;
  manager: string;
}

/** Renovate's fields a matchString group or a `<field>Template` fills. */
const fields = [
  "depName",
  "packageName",
  "currentValue",
  "currentDigest",
  "datasource",
  "versioning",
  "extractVersion",
  "registryUrl",
  "depType",
  "indentation",
] as const;

/** JSON5 is a subset of JavaScript's expression syntax; evaluated in an empty context. */
export function parseRenovateConfig(text: string): RenovateConfig {
  return runInNewContext(`(${text}\n)`, Object.create(null), { timeout: 1000 }) as RenovateConfig;
}

export const readRenovateConfig = () => parseRenovateConfig(readFileSync(join(projectRoot, renovateConfig), "utf8"));

/** A glob as Renovate's minimatch reads it with `dot: true`: `**` crosses folders, `*` does not. */
function globRegExp(glob: string): RegExp {
  let source = "";
  for (let i = 0; i < glob.length; i++) {
    if (glob.startsWith("**/", i)) {
      source += "(?:.*/)?";
      i += 2;
    } else if (glob.startsWith("**", i)) {
      source += ".*";
      i += 1;
    } else if (glob[i] === "*") source += "[^/]*";
    else if (glob[i] === "?") source += "[^/]";
    else source += glob[i].replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${source}$`);
}

/** `/regex/` (or `/regex/i`) is a regular expression, anything else a glob: Renovate's matchRegexOrGlob. */
function filePattern(pattern: string): RegExp {
  if (pattern.startsWith("!")) throw new Error(`negated pattern ${pattern}: not modelled here, extend the model`);
  const regex = pattern.match(/^\/(.*)\/(i?)$/);
  return regex ? new RegExp(regex[1], regex[2]) : globRegExp(pattern);
}

/** The repository's files as Renovate sees them: tracked ones, plus new ones not ignored by git. */
export function repositoryFiles(): string[] {
  const listed = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard"], {
    cwd: projectRoot,
    encoding: "utf8",
  });
  return [...new Set(listed.split("\n").filter(Boolean))].sort();
}

/** The files a manager reads: not ignored (a substring or a glob), then selected by any of its patterns. */
export function managerFiles(config: RenovateConfig, manager: RegexManager, files: string[]): string[] {
  if (config.includePaths?.length) throw new Error("includePaths: not modelled here, extend the model");
  const ignored = (file: string) =>
    (config.ignorePaths ?? []).some((path) => file.includes(path) || globRegExp(path).test(file));
  const patterns = manager.managerFilePatterns.map(filePattern);
  return files.filter((file) => !ignored(file) && patterns.some((pattern) => pattern.test(file)));
}

function dependency(manager: RegexManager, groups: Record<string, string>, file: string, index: number) {
  const found: Dependency = { file, manager: manager.description ?? `customManagers[${index}]` };
  const slash = file.lastIndexOf("/");
  const context = { ...groups, packageFile: file.slice(slash + 1), packageFileDir: file.slice(0, slash) || "." };
  for (const field of fields) {
    const template = manager[`${field}Template`];
    const value =
      typeof template === "string" ? Handlebars.compile(template, { noEscape: true })(context) : groups[field];
    if (value !== undefined) (found as unknown as Record<string, string>)[field] = value;
  }
  return found;
}

/** Renovate keeps a dependency only with a name, a version or digest, and a datasource. */
const valid = (dep: Dependency) =>
  !!(dep.depName?.trim() || dep.packageName?.trim()) &&
  !!(dep.currentValue?.trim() || dep.currentDigest?.trim()) &&
  !!dep.datasource?.trim();

/** Every dependency the config's regex managers extract from the given files (path → text). */
export function extractDependencies(config: RenovateConfig, files: Map<string, string>): Dependency[] {
  if (config.enabledManagers && !config.enabledManagers.includes("custom.regex")) return [];
  return (config.customManagers ?? []).flatMap((manager, index) => {
    if (manager.customType !== "regex") return [];
    const strategy = manager.matchStringsStrategy ?? "any";
    if (strategy === "recursive")
      throw new Error("matchStringsStrategy recursive: not modelled here, extend the model");
    return managerFiles(config, manager, [...files.keys()]).flatMap((file) => {
      const text = files.get(file) ?? "";
      const matches = manager.matchStrings.flatMap((source) => [...text.matchAll(new RegExp(source, "g"))]);
      const groupsList = matches.map((match) => ({ ...match.groups }) as Record<string, string>);
      const deps =
        strategy === "combination"
          ? groupsList.length
            ? [dependency(manager, Object.assign({}, ...groupsList), file, index)]
            : []
          : groupsList.map((groups) => dependency(manager, groups, file, index));
      return deps.filter(valid);
    });
  });
}

/** The files of the repository that any regex manager reads, with their text. */
export function managedFiles(config: RenovateConfig): Map<string, string> {
  const all = repositoryFiles();
  const wanted = new Set((config.customManagers ?? []).flatMap((manager) => managerFiles(config, manager, all)));
  return new Map([...wanted].map((file) => [file, readFileSync(join(projectRoot, file), "utf8")]));
}

/** `ghcr.io/x`, `localhost:5000/x`: the first part of the name is a registry host. */
function hasRegistry(name: string): boolean {
  const first = name.split("/")[0];
  return name.includes("/") && (first.includes(".") || first.includes(":") || first === "localhost");
}

/**
 * An image reference in the form the docker datasource resolves: a registry host first
 * (docker.io when there is none; library/ for its official images), then `:tag` and `@digest`.
 */
export function normalizedImage(reference: string): string {
  const match = reference.match(/^(.+?)(?::([\w][\w.-]{0,127}))?(?:@(sha256:[0-9a-f]{64}))?$/);
  if (!match) throw new Error(`${reference} is not an image reference`);
  const name = hasRegistry(match[1]) ? match[1] : `docker.io/${match[1]}`;
  const official = /^docker\.io\/[^/]+$/.test(name) ? name.replace("docker.io/", "docker.io/library/") : name;
  return `${official}${match[2] ? `:${match[2]}` : ""}${match[3] ? `@${match[3]}` : ""}`;
}

/** The image a docker dependency stands for; a registryUrl puts its host in front of the name. */
export function dependencyImage(dep: Dependency): string {
  let name = dep.packageName ?? dep.depName ?? "";
  if (dep.registryUrl && !hasRegistry(name)) name = `${new URL(dep.registryUrl).host}/${name}`;
  return normalizedImage(
    `${name}${dep.currentValue ? `:${dep.currentValue}` : ""}${dep.currentDigest ? `@${dep.currentDigest}` : ""}`,
  );
}
