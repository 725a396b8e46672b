// How a script's entry point runs its main: a failure is one line on stderr, `error: <message>`,
// and exit status 1 (the tests match that line); success leaves the exit status to main.
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";

export function runMain(main: () => unknown): void {
  const fail = (error: unknown) => {
    console.error(`error: ${(error as Error).message}`);
    process.exit(1);
  };
  try {
    Promise.resolve(main()).catch(fail);
  } catch (error) {
    fail(error);
  }
}

/** Whether the module of `moduleUrl` (its import.meta.url) is the script node was started with, not an import. */
export const isEntry = (moduleUrl: string): boolean =>
  Boolean(process.argv[1]) && resolve(process.argv[1]) === fileURLToPath(moduleUrl);
