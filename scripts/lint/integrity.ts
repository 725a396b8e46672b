// Our own cross-object checks on every render: what the API server would accept but the chart
// would still get wrong (selectors that select nothing, ports nobody listens on, references to
// objects nobody creates, keys Helm 4's server-side apply refuses, names too long, floating tags).
import type { ToolResult } from "./findings.ts";
import { checkFields } from "./integrity-fields.ts";
import { checkReferences } from "./integrity-references.ts";
import { checkTargets } from "./integrity-targets.ts";
import type { RenderedProfile } from "./render.ts";

export function checkIntegrity(renders: RenderedProfile[]): ToolResult {
  const tallies = renders.flatMap((render) => [
    ...checkTargets(render),
    ...checkReferences(render),
    ...checkFields(render),
  ]);
  return {
    tool: "integrity",
    checks: tallies.reduce((sum, tally) => sum + tally.checks, 0),
    findings: tallies.flatMap((tally) => tally.findings),
  };
}
