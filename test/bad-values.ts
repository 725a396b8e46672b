// The corpus of bad values files in test/fixtures/bad-values. Each starts with `# names: <key>`:
// the values key its error must name.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { projectRoot } from "../scripts/tools.ts";

export interface BadValues {
  file: string;
  path: string;
  key: string;
}

const fixturesDir = join(projectRoot, "test", "fixtures", "bad-values");

export const badValues: BadValues[] = readdirSync(fixturesDir)
  .filter((file) => file.endsWith(".yaml"))
  .sort()
  .map((file) => {
    const path = join(fixturesDir, file);
    const key = readFileSync(path, "utf8").match(/^# names: (\S+)/)?.[1];
    if (!key) throw new Error(`${file} must start with "# names: <key>"`);
    return { file, path, key };
  });
