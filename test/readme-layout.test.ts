// The README's layout tree ("How the chart is made") against the files. Every entry it names
// exists; every file and folder at the top of the repository is named; and a folder whose
// entries the tree lists has all of them listed, so a file added or removed shows up here by name.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../scripts/project-root.ts";

/** A line of the tree: a path (folders end in `/`), and the entries listed under it. */
interface TreeEntry {
  path: string;
  children: string[];
}

/** The fenced block right after the README's "How the chart is made" heading. */
function treeBlock(readme: string): string {
  const section = readme.slice(readme.indexOf("## How the chart is made"));
  const match = section.match(/^```\n([\s\S]*?)\n```/m);
  if (!match) throw new Error('README.md has no layout tree under "## How the chart is made"');
  return match[1];
}

/**
 * Each entry of the tree by its path, the repository's root as "". An entry is a name indented
 * two spaces per level, then its description; a line indented at least as far as the previous
 * entry's description continues that description.
 */
function parseTree(block: string): Map<string, TreeEntry> {
  const entries = new Map<string, TreeEntry>([["", { path: "", children: [] }]]);
  const open: string[] = [""]; // the folder at each depth, the root first
  let descriptionColumn = Number.POSITIVE_INFINITY;
  for (const line of block.split("\n")) {
    const indent = line.length - line.trimStart().length;
    if (!line.trim() || indent >= descriptionColumn) continue;
    const [name] = line.trimStart().split(/\s+/);
    const depth = indent / 2;
    if (!Number.isInteger(depth) || depth >= open.length) {
      throw new Error(`README layout tree: "${line.trim()}" is not indented two spaces under a folder`);
    }
    const parent = open[depth];
    const path = `${parent}${name}`;
    entries.get(parent)?.children.push(path);
    entries.set(path, { path, children: [] });
    open.length = depth + 1;
    if (name.endsWith("/")) open.push(path);
    const description = line.slice(indent + name.length).search(/\S/);
    descriptionColumn = description < 0 ? Number.POSITIVE_INFINITY : indent + name.length + description;
  }
  return entries;
}

/** What git knows directly in `folder` (tracked, or new and not ignored), as the tree writes it. */
function gitEntriesOf(folder: string): string[] {
  const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "--", folder || "."], {
    cwd: projectRoot,
    encoding: "utf8",
  });
  const entries = files
    .split("\n")
    .filter((path) => path && existsSync(join(projectRoot, path)))
    .map((path) => path.slice(folder.length))
    .map((rest) => (rest.includes("/") ? `${folder}${rest.split("/")[0]}/` : `${folder}${rest}`));
  return [...new Set(entries)];
}

describe("the README's layout tree", () => {
  const tree = parseTree(treeBlock(readFileSync(join(projectRoot, "README.md"), "utf8")));

  it("names only files and folders that exist", () => {
    const stale = [...tree.keys()].filter((path) => path && !existsSync(join(projectRoot, path)));
    expect(stale, "named in README.md's layout tree but not in the repository").toEqual([]);
  });

  it("names everything at the top, and everything in each folder whose entries it lists", () => {
    const listed = [...tree.values()].filter((entry) => entry.path === "" || entry.children.length > 0);
    expect(listed.map((entry) => entry.path)).toEqual(expect.arrayContaining(["", "schema/", "scripts/", "test/"]));
    const missing = listed.flatMap((entry) =>
      gitEntriesOf(entry.path).filter((path) => !entry.children.includes(path)),
    );
    expect(missing, "in the repository but not in README.md's layout tree").toEqual([]);
  });
});

describe("the layout tree's reading", () => {
  it("takes nested names by their indentation and skips a description's continuation", () => {
    const tree = parseTree(
      [
        "a/      first",
        "        still the first",
        "  b.ts  in a",
        "  c/    in a, whose",
        "        description goes on",
        "    d.ts",
        "e       last",
      ].join("\n"),
    );
    expect([...tree.keys()]).toEqual(["", "a/", "a/b.ts", "a/c/", "a/c/d.ts", "e"]);
    expect(tree.get("a/")?.children).toEqual(["a/b.ts", "a/c/"]);
  });

  it("refuses a name indented deeper than one level under its folder", () => {
    expect(() => parseTree("a.ts  a file\n  b.ts")).toThrow(/"b.ts" is not indented two spaces under a folder/);
  });
});
