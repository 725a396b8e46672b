// `npm run bump-chart -- --kind changed --description "…" [--minor] [--base REF] [--date YYYY-MM-DD]`:
// raises chartMetadata.version in schema/chart.ts (patch, or minor with --minor) and puts the change
// in a new top entry of schema/changelog.ts. When this branch already raised the version since it
// left REF (default main; Renovate passes its base branch), the change joins that version's entry
// instead, so several updates in one branch make one release. Run `npm run generate` afterwards.
import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import type { ChangeKind, ChangelogEntry } from "../../schema/changelog.ts";
import { isEntry, runMain } from "../entry.ts";
import { projectRoot } from "../project-root.ts";
import {
  changeKinds,
  chartVersionIn,
  compareVersions,
  formatVersion,
  parseVersion,
  raise,
  withChangeInFirstEntry,
  withChartVersion,
  withNewEntry,
} from "./source-edits.ts";

export interface BumpOptions {
  /** The repository whose schema/ is edited. */
  root: string;
  kind: ChangeKind;
  description: string;
  /** Raise the minor version instead of the patch. */
  minor?: boolean;
  /** The ref the branch started from. */
  base: string;
  /** The entry's date; today (UTC) by default. */
  date?: string;
}

export interface BumpResult {
  version: string;
  /** False when the branch had already raised the version and the change joined its entry. */
  newEntry: boolean;
}

const git = (root: string, args: string[]) => spawnSync("git", args, { cwd: root, encoding: "utf8" });

/** schema/chart.ts where this branch left REF: at their merge base, or at REF itself in a shallow clone. */
function chartTextAtBase(root: string, base: string): string {
  const mergeBase = git(root, ["merge-base", "HEAD", base]);
  const ref = mergeBase.status === 0 ? mergeBase.stdout.trim() : base;
  const shown = git(root, ["show", `${ref}:schema/chart.ts`]);
  if (shown.status !== 0) {
    throw new Error(`cannot read schema/chart.ts at ${base}: ${shown.stderr.trim()}; pass --base with a ref you have`);
  }
  return shown.stdout;
}

/** Biome lays out the edited text as `npx biome check` wants it. */
function formatted(text: string, path: string): string {
  return execFileSync(join(projectRoot, "node_modules", ".bin", "biome"), ["format", `--stdin-file-path=${path}`], {
    cwd: projectRoot,
    input: text,
    encoding: "utf8",
  });
}

let imports = 0;
/** Imports the edited file afresh (a query makes it a new module), so the check reads what was written. */
async function importFresh<T>(file: string): Promise<T> {
  return (await import(`${pathToFileURL(file).href}?bump=${++imports}`)) as T;
}

export async function bumpChart(options: BumpOptions): Promise<BumpResult> {
  if (!changeKinds.includes(options.kind)) {
    throw new Error(`--kind ${options.kind} is not a changelog kind: use one of ${changeKinds.join(", ")}`);
  }
  const description = options.description.trim();
  if (!description) throw new Error("--description is empty: say what changed for users");
  const date = options.date ?? new Date().toISOString().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new Error(`--date ${date} is not YYYY-MM-DD`);

  const chartFile = join(options.root, "schema", "chart.ts");
  const changelogFile = join(options.root, "schema", "changelog.ts");
  const chartText = readFileSync(chartFile, "utf8");
  const changelogText = readFileSync(changelogFile, "utf8");
  const current = parseVersion(chartVersionIn(chartText));
  const atBase = parseVersion(chartVersionIn(chartTextAtBase(options.root, options.base)));
  const wanted = raise(atBase, options.minor ? "minor" : "patch");
  const order = compareVersions(current, atBase);
  if (order < 0) {
    throw new Error(
      `schema/chart.ts says ${formatVersion(current)}, older than ${formatVersion(atBase)} at ${options.base}: rebase first`,
    );
  }
  const newEntry = order === 0;
  const version = formatVersion(compareVersions(wanted, current) > 0 ? wanted : current);
  const before = (await importFresh<{ changelog: ChangelogEntry[] }>(changelogFile)).changelog;
  if (!newEntry && before[0]?.version !== formatVersion(current)) {
    throw new Error(
      `schema/chart.ts was raised to ${formatVersion(current)} on this branch but schema/changelog.ts's first entry is ${before[0]?.version}: add the entry for ${formatVersion(current)} first`,
    );
  }
  const change = { kind: options.kind, description };
  const present = !newEntry && before[0].changes.some((c) => c.kind === change.kind && c.description === description);
  // What the changelog must read back as: the same entries with one new, or the first one extended.
  const expected: ChangelogEntry[] = newEntry
    ? [{ version, date, changes: [change] }, ...before]
    : [
        { ...before[0], version, changes: present ? before[0].changes : [...before[0].changes, change] },
        ...before.slice(1),
      ];
  const edited = newEntry
    ? withNewEntry(changelogText, { version, date, ...change })
    : withChangeInFirstEntry(changelogText, { version, ...change, present });

  writeFileSync(chartFile, formatted(withChartVersion(chartText, version), "schema/chart.ts"));
  writeFileSync(changelogFile, formatted(edited, "schema/changelog.ts"));
  try {
    const { chartMetadata } = await importFresh<{ chartMetadata: { version: string } }>(chartFile);
    const { changelog } = await importFresh<{ changelog: ChangelogEntry[] }>(changelogFile);
    if (chartMetadata.version !== version) {
      throw new Error(`schema/chart.ts reads back version ${chartMetadata.version}, not ${version}: edit it by hand`);
    }
    if (JSON.stringify(changelog) !== JSON.stringify(expected)) {
      throw new Error("schema/changelog.ts does not read back as the intended entries: edit it by hand");
    }
  } catch (error) {
    writeFileSync(chartFile, chartText);
    writeFileSync(changelogFile, changelogText);
    throw error;
  }
  return { version, newEntry };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      kind: { type: "string" },
      description: { type: "string" },
      minor: { type: "boolean", default: false },
      base: { type: "string", default: "main" },
      date: { type: "string" },
    },
  });
  if (!values.kind || values.description === undefined) {
    throw new Error(`--kind (${changeKinds.join(", ")}) and --description "what changed for users" are needed`);
  }
  const result = await bumpChart({
    root: projectRoot,
    kind: values.kind as ChangeKind,
    description: values.description,
    minor: values.minor,
    base: values.base,
    date: values.date,
  });
  console.log(
    result.newEntry
      ? `chart version ${result.version}, with a new changelog entry: now run \`npm run generate\``
      : `chart version ${result.version} (already raised on this branch): the change joined its entry; now run \`npm run generate\``,
  );
}

if (isEntry(import.meta.url)) {
  runMain(main);
}
