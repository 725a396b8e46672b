// bump-chart, which Renovate's post-upgrade task runs: on a temporary repository holding copies of
// schema/chart.ts and schema/changelog.ts, it raises the version once per branch, puts each change
// in that version's entry, and refuses what it cannot do with a message saying what to do.
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { changelog } from "../../schema/changelog.ts";
import { chartMetadata } from "../../schema/chart.ts";
import { projectRoot } from "../../scripts/project-root.ts";
import { bumpChart } from "../../scripts/release/bump-chart.ts";
import { formatVersion, parseVersion, raise } from "../../scripts/release/source-edits.ts";

let root: string;
const file = (name: string) => join(root, "schema", name);
const git = (...args: string[]) =>
  execFileSync("git", ["-c", "user.name=test", "-c", "user.email=test@example.invalid", ...args], {
    cwd: root,
    encoding: "utf8",
  });
let imports = 0;
const readBack = async () => ({
  chart: (await import(`${file("chart.ts")}?read=${++imports}`)).chartMetadata as typeof chartMetadata,
  changelog: (await import(`${file("changelog.ts")}?read=${imports}`)).changelog as typeof changelog,
});

const start = chartMetadata.version;
const patch = formatVersion(raise(parseVersion(start), "patch"));
const minor = formatVersion(raise(parseVersion(start), "minor"));
const redis = { kind: "changed", description: "docker.io/library/redis image: 7.4.2-alpine → 7.4.3-alpine" } as const;
const busybox = { kind: "changed", description: "docker.io/library/busybox image: 1.37.0 → 1.37.1" } as const;
const bump = (change: { kind: "changed"; description: string }, minor = false) =>
  bumpChart({ root, ...change, minor, base: "main", date: "2026-12-01" });

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "cryptoflow-bump-"));
  mkdirSync(join(root, "schema"));
  for (const name of ["chart.ts", "changelog.ts"]) copyFileSync(join(projectRoot, "schema", name), file(name));
  git("init", "-q", "-b", "main");
  git("add", ".");
  git("commit", "-q", "-m", "base");
  git("checkout", "-q", "-b", "renovate/images");
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe("bump-chart", () => {
  it("raises the patch version and opens the changelog with the change, dated", async () => {
    expect(await bump(redis)).toEqual({ version: patch, newEntry: true });
    const after = await readBack();
    expect(after.chart.version).toBe(patch);
    expect(after.changelog[0]).toEqual({ version: patch, date: "2026-12-01", changes: [redis] });
    expect(after.changelog.slice(1)).toEqual(changelog);
    // Only the version line of schema/chart.ts changes.
    expect(git("diff", "--numstat", "--", "schema/chart.ts").trim()).toBe("1\t1\tschema/chart.ts");
  });

  it("adds a second update in the same branch to that version's entry, without raising it again", async () => {
    await bump(redis);
    expect(await bump(busybox)).toEqual({ version: patch, newEntry: false });
    const after = await readBack();
    expect(after.chart.version).toBe(patch);
    expect(after.changelog[0].changes).toEqual([redis, busybox]);
    expect(after.changelog.length).toBe(changelog.length + 1);
  });

  it("counts a raise already committed on the branch, against the merge base", async () => {
    await bump(redis);
    git("commit", "-q", "-am", "first update");
    expect(await bump(busybox)).toEqual({ version: patch, newEntry: false });
    expect((await readBack()).changelog[0].changes).toEqual([redis, busybox]);
  });

  it("turns the branch's patch release into a minor one when a later update asks for it", async () => {
    await bump(redis);
    expect(await bump(busybox, true)).toEqual({ version: minor, newEntry: false });
    const after = await readBack();
    expect(after.chart.version).toBe(minor);
    expect(after.changelog[0]).toMatchObject({ version: minor, changes: [redis, busybox] });
  });

  it("does not list the same change twice when a task runs again", async () => {
    await bump(redis);
    await bump(redis);
    expect((await readBack()).changelog[0].changes).toEqual([redis]);
  });

  it("refuses an unknown kind, naming the allowed ones, and leaves the files alone", async () => {
    const before = readFileSync(file("changelog.ts"), "utf8");
    await expect(bumpChart({ root, kind: "bumped" as "changed", description: "x", base: "main" })).rejects.toThrow(
      "--kind bumped is not a changelog kind: use one of added, changed, deprecated, removed, fixed, security",
    );
    expect(readFileSync(file("changelog.ts"), "utf8")).toBe(before);
  });

  it("refuses a version raised by hand without its changelog entry, saying what to add", async () => {
    const text = readFileSync(file("chart.ts"), "utf8").replace(`version: "${start}"`, `version: "${minor}"`);
    writeFileSync(file("chart.ts"), text);
    await expect(bump(redis)).rejects.toThrow(
      `schema/chart.ts was raised to ${minor} on this branch but schema/changelog.ts's first entry is ${start}: add the entry for ${minor} first`,
    );
    expect(readFileSync(file("chart.ts"), "utf8")).toBe(text);
  });

  it("refuses a base it cannot read, naming it", async () => {
    await expect(bumpChart({ root, ...redis, base: "no-such-branch" })).rejects.toThrow(
      /^cannot read schema\/chart\.ts at no-such-branch: .*pass --base with a ref you have$/,
    );
  });
});
