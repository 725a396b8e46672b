// The corpus of bad values files in test/fixtures/bad-values. Each starts with `# names: <key>`,
// the values key its error must name (see namesKey), or, for a file that is not YAML and so has
// no key, `# says: <text>`, a fragment its error must contain.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { projectRoot } from "../scripts/project-root.ts";
import { namesKey } from "./errors.ts";

export interface BadValues {
  file: string;
  path: string;
  /** What the error must name: the key, or the fragment it must say. */
  key: string;
  /** Whether `message` is the error this file must produce. */
  explains(message: string): boolean;
}

const fixturesDir = join(projectRoot, "test", "fixtures", "bad-values");

function expectation(file: string, text: string): Pick<BadValues, "key" | "explains"> {
  const names = text.match(/^# names: (\S+)$/m)?.[1];
  if (names) return { key: names, explains: (message) => namesKey(message, names) };
  const says = text.match(/^# says: (.+)$/m)?.[1];
  if (says) return { key: says, explains: (message) => message.includes(says) };
  throw new Error(`${file} must start with "# names: <key>" or "# says: <text>"`);
}

export const badValues: BadValues[] = readdirSync(fixturesDir)
  .filter((file) => file.endsWith(".yaml"))
  .sort()
  .map((file) => {
    const path = join(fixturesDir, file);
    return { file, path, ...expectation(file, readFileSync(path, "utf8")) };
  });
