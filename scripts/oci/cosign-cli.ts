// Runs the pinned cosign for npm run sign and verify-signature, and turns its errors into one
// line that says what is wrong and what to do.
import { spawnSync } from "node:child_process";
import { cosignBinary } from "./cosign-tool.ts";
import type { HelmResult } from "./helm-cli.ts";
import { classify } from "./registry-errors.ts";

export type CosignResult = HelmResult;

export interface CosignOptions {
  env: NodeJS.ProcessEnv;
  /** Keyless signing may ask the user to log in: then cosign talks to the terminal itself. */
  interactive?: boolean;
}

export function runCosign(args: string[], options: CosignOptions): CosignResult {
  const run = spawnSync(cosignBinary(), args, {
    encoding: "utf8",
    env: options.env,
    // An empty stdin, so cosign never waits for a password: sign checks COSIGN_PASSWORD first.
    input: options.interactive ? undefined : "",
    stdio: options.interactive ? ["inherit", "pipe", "inherit"] : "pipe",
    timeout: options.interactive ? 600_000 : 180_000,
  });
  if (run.error) throw new Error(`could not run cosign ${args[0]}: ${run.error.message}`);
  return { status: run.status ?? 1, stdout: run.stdout ?? "", stderr: run.stderr ?? "" };
}

/** cosign's own `Error: …` line, for messages that have no clearer wording. */
export function cosignError(result: CosignResult): string {
  if (!result.stderr) return `cosign exited with ${result.status} (its messages are above)`;
  const lines = result.stderr.split("\n").filter((line) => line.trim());
  const error = lines.find((line) => line.startsWith("Error:"));
  return (error ?? lines.at(-1) ?? "").replace(/^Error:\s*/, "");
}

/** Failures both commands share: the registry, and Sigstore's public services when offline. */
export function sharedFailure(result: CosignResult, registry: string): string | undefined {
  // Before the registry's patterns: a TUF download that fails says "no such host" too.
  if (/\btuf\b/i.test(result.stderr)) {
    return `Sigstore's public services are unreachable (${cosignError(result)}); without internet access use --key with --no-tlog`;
  }
  const failure = classify(result);
  if (failure === "unreachable") {
    return `registry unreachable: could not talk to ${registry} (${cosignError(result)}); check the address, and use --plain-http for a registry without TLS`;
  }
  if (failure === "unauthorized") {
    return `authentication refused by ${registry}: set HELM_REGISTRY_USERNAME and HELM_REGISTRY_PASSWORD, or run \`cosign login ${registry}\``;
  }
  return undefined;
}
