// A running count of checks and the findings among them, shared by the integrity rules.
import type { Finding } from "./findings.ts";

export class Tally {
  checks = 0;
  readonly findings: Finding[] = [];

  constructor(private readonly object: string) {}

  /** Counts one check; records a finding when it fails. */
  expect(ok: boolean, rule: string, field: string, message: string): void {
    this.checks++;
    if (!ok) this.findings.push({ tool: "integrity", rule, object: this.object, field, message });
  }
}
