// The helm that package and publish run: HELM_BIN when set (the tests pin each major this way),
// else the newest supported helm from scripts/tools.ts.
import { spawnSync } from "node:child_process";
import { helmBinaries } from "../tools.ts";

export function helmPath(): string {
  const binaries = helmBinaries();
  return binaries[binaries.length - 1].path;
}

export interface HelmResult {
  status: number;
  stdout: string;
  stderr: string;
}

export interface HelmOptions {
  env?: NodeJS.ProcessEnv;
  /** Written to helm's stdin (passwords and passphrases, so they never appear in argv). */
  input?: string;
}

export function runHelm(args: string[], options: HelmOptions = {}): HelmResult {
  const run = spawnSync(helmPath(), args, {
    encoding: "utf8",
    env: options.env ?? process.env,
    input: options.input ?? "",
    timeout: 120_000,
  });
  if (run.error) throw new Error(`could not run helm ${args[0]}: ${run.error.message}`);
  return { status: run.status ?? 1, stdout: run.stdout, stderr: run.stderr };
}

/** helm's own last `Error: …` line, for messages that have no clearer wording. */
export function helmError(result: HelmResult): string {
  const lines = `${result.stderr}\n${result.stdout}`.split("\n").filter((line) => line.trim());
  const error = lines.reverse().find((line) => line.startsWith("Error:"));
  return (error ?? lines[0] ?? `helm exited with ${result.status}`).replace(/^Error:\s*/, "");
}
