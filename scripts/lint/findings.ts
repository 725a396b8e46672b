// What every check reports: one finding per defect (tool or rule, object, field, what to do),
// and per tool the count of checks it ran, for the summary line.

export interface Finding {
  /** The tool or check family: `kubeconform`, `pod-security`, `integrity`, … */
  tool: string;
  /** The rule inside it: a kube-score check id, a Pod Security control, an integrity rule. */
  rule: string;
  /** The object, e.g. `Deployment/api`, with the values profile when the render matters. */
  object: string;
  /** The field path inside the object, or the file for file-level tools. */
  field: string;
  /** What is wrong and what to do about it. */
  message: string;
}

export interface ToolResult {
  tool: string;
  checks: number;
  findings: Finding[];
  /** Findings left out on purpose (kube-score's ignore file), reported in the summary. */
  ignored?: number;
  /** Things worth reading that are not findings (open or unused ignore entries). */
  notes?: string[];
}

export function formatFinding(finding: Finding): string {
  return `${finding.tool}/${finding.rule}: ${finding.object} ${finding.field}: ${finding.message}`;
}

/** The same defect seen in several profiles or Kubernetes versions is one line per distinct text. */
export function uniqueFindings(findings: Finding[]): Finding[] {
  const seen = new Map<string, Finding>();
  for (const finding of findings) seen.set(formatFinding(finding), finding);
  return [...seen.values()];
}

/**
 * One line per tool: `lint kubeconform: 12 checks, clean` or `lint integrity: 40 checks, 1 finding`.
 * Worded so no CI system mistakes it for a test runner's result line (`ok`, `FAIL`, `N passed`).
 */
export function summaryLine(result: ToolResult): string {
  const ignored = result.ignored ? ` (${result.ignored} ignored by lint/kube-score-ignored.yaml)` : "";
  const count = result.findings.length;
  const outcome = count === 0 ? "clean" : `${count} finding${count === 1 ? "" : "s"}`;
  return `lint ${result.tool}: ${result.checks} checks, ${outcome}${ignored}`;
}
