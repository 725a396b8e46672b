// The README's layout tree ("How the chart is made") against the files: every entry it names
// exists, and every file and folder at the top of the repository, schema/ and scripts/ is named.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../scripts/project-root.ts";

/** The tree as [top-level folder, entries below it]. */
function readmeTree(): Map<string, string[]> {
  const readme = readFileSync(join(projectRoot, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## How the chart is made"));
  const block = section.slice(section.indexOf("```\n") + 4, section.indexOf("\n```", section.indexOf("```\n") + 4));
  const tree = new Map<string, string[]>();
  let current = "";
  for (const line of block.split("\n")) {
    const top = line.match(/^(\S+\/)/)?.[1];
    const child = line.match(/^ {2}(\S+)/)?.[1];
    if (top) {
      current = top;
      tree.set(current, []);
    } else if (child && current) tree.get(current)?.push(child);
  }
  return tree;
}

/** What git tracks directly in a folder, as the tree writes it (folders with a trailing slash). */
function entriesOf(folder: string): string[] {
  const files = execFileSync("git", ["ls-files", "--", folder], { cwd: projectRoot, encoding: "utf8" });
  const entries = files
    .split("\n")
    .filter(Boolean)
    .map((path) => path.slice(folder === "." ? 0 : folder.length))
    .map((rest) => (rest.includes("/") ? `${rest.split("/")[0]}/` : rest));
  return [...new Set(entries)];
}

describe("the README's layout tree", () => {
  const tree = readmeTree();

  it("names only files and folders that exist", () => {
    expect(tree.size).toBeGreaterThanOrEqual(7);
    for (const [folder, entries] of tree) {
      expect(existsSync(join(projectRoot, folder)), folder).toBe(true);
      for (const entry of entries) expect(existsSync(join(projectRoot, folder, entry)), `${folder}${entry}`).toBe(true);
    }
  });

  it("names every folder of the repository and everything in schema/ and scripts/", () => {
    const folders = entriesOf(".").filter((entry) => entry.endsWith("/") && !entry.startsWith("."));
    expect([...tree.keys()].sort()).toEqual(expect.arrayContaining(folders.sort()));
    for (const folder of ["schema/", "scripts/"]) {
      expect([...(tree.get(folder) ?? [])].sort(), folder).toEqual(entriesOf(folder).sort());
    }
  });
});
