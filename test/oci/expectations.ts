// Shared facts and checks for the OCI suites: what a user compares a published chart against.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import { chartDir } from "../../scripts/chart/folder.ts";
import type { RunResult } from "./helm-home.ts";

/** Fixed passwords, so two renders of the chart are comparable (the chart generates random ones). */
export const fixedPasswords = [
  "--set",
  "postgres.auth.password=pg-test,redis.auth.password=redis-test,rabbitmq.auth.password=rabbit-test",
];

export const chartFile = (name: string) => readFileSync(join(chartDir, name), "utf8");

/** A refusal a user can read: non-zero exit and exactly one line on stderr matching `pattern`. */
export function expectOneLineError(result: RunResult, pattern: RegExp): void {
  expect(result.status, result.stdout).not.toBe(0);
  const lines = result.stderr.trim().split("\n");
  expect(lines, result.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^error: /);
  expect(lines[0]).toMatch(pattern);
}

export function expectSuccess(result: RunResult): void {
  expect(result.status, `${result.stderr}\n${result.stdout}`).toBe(0);
}
