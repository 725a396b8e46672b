// kube-score on every render. Checks the chart deliberately does not meet are listed, each with
// its reason and optionally limited to some components, in lint/kube-score-ignored.yaml; the rest fail.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";
import { parse } from "yaml";
import { kubernetesRange, minorOf } from "../../schema/chart.ts";
import { projectRoot } from "../project-root.ts";
import type { Finding, ToolResult } from "./findings.ts";
import type { RenderedProfile } from "./render.ts";
import { builtTool, kubeScoreTool } from "./tools.ts";

export const ignoreFile = join(projectRoot, "lint", "kube-score-ignored.yaml");

export interface IgnoredCheck {
  check: string;
  /** Limits the ignore to objects of these components (app.kubernetes.io/component); all when absent. */
  components?: string[];
  /** Limits the ignore to renders of these values profiles (`default`, or a chart/profiles/ file name). */
  profiles?: string[];
  reason: string;
  /** A real finding not fixed yet, listed so CI stays green meanwhile; the summary counts these. */
  open?: boolean;
}

interface ScoredObject {
  object_name: string;
  type_meta: { kind: string };
  object_meta: { name: string; labels?: Record<string, string> };
  checks: {
    check: { id: string; name: string };
    grade: number;
    skipped: boolean;
    comments: { path: string; summary: string; description: string }[] | null;
  }[];
}

/** kube-score's grades: 1 critical, 5 warning, 7 almost OK, 10 OK. */
const warningGrade = 5;

export function loadIgnoredChecks(file = ignoreFile): IgnoredCheck[] {
  const entries = parse(readFileSync(file, "utf8")) as IgnoredCheck[];
  for (const entry of entries) {
    if (!entry.check || !entry.reason?.trim()) throw new Error(`${file}: every entry needs a check id and a reason`);
  }
  return entries;
}

function ignoring(
  ignored: IgnoredCheck[],
  checkId: string,
  component: string | undefined,
  profile: string,
): IgnoredCheck | undefined {
  return ignored.find(
    (entry) =>
      entry.check === checkId &&
      (!entry.components || entry.components.includes(component ?? "")) &&
      (!entry.profiles || entry.profiles.includes(profile)),
  );
}

export async function kubeScore(renders: RenderedProfile[], ignored = loadIgnoredChecks()): Promise<ToolResult> {
  const binary = builtTool(kubeScoreTool);
  const findings: Finding[] = [];
  let checks = 0;
  let ignoredCount = 0;
  const used = new Set<IgnoredCheck>();
  for (const render of renders) {
    // The oldest supported minor: kube-score then flags APIs it no longer has.
    const args = ["score", "-o", "json", "--kubernetes-version", `v${minorOf(kubernetesRange.oldest)}`, "-"];
    const result = await execa(binary, args, { input: render.text, reject: false });
    if (!result.stdout.trim().startsWith("[")) throw new Error(`kube-score failed: ${result.stderr || result.stdout}`);
    for (const scored of JSON.parse(result.stdout) as ScoredObject[]) {
      const component = scored.object_meta.labels?.["app.kubernetes.io/component"];
      const object = `${scored.type_meta.kind}/${scored.object_meta.name} (${render.label})`;
      for (const check of scored.checks.filter((candidate) => !candidate.skipped)) {
        checks++;
        if (check.grade > warningGrade) continue;
        const entry = ignoring(ignored, check.check.id, component, render.profile.name);
        if (entry) {
          used.add(entry);
          ignoredCount++;
          continue;
        }
        for (const comment of check.comments ?? [{ path: "", summary: check.check.name, description: "" }]) {
          const message = [comment.summary, comment.description].filter(Boolean).join(": ");
          findings.push({
            tool: "kube-score",
            rule: check.check.id,
            object,
            field: comment.path || "(object)",
            message: `${message} (fix it, or list ${check.check.id} with a reason in lint/kube-score-ignored.yaml)`,
          });
        }
      }
    }
  }
  const describe = (entry: IgnoredCheck) =>
    [
      entry.check,
      entry.components && `components ${entry.components.join(",")}`,
      entry.profiles && `profiles ${entry.profiles.join(",")}`,
    ]
      .filter(Boolean)
      .join(" ");
  const notes = [
    ...ignored
      .filter((entry) => entry.open && used.has(entry))
      .map((entry) => `kube-score: open finding ignored until fixed: ${describe(entry)}`),
    ...ignored
      .filter((entry) => !used.has(entry))
      .map((entry) => `kube-score: ignore entry matched nothing, delete it if fixed: ${describe(entry)}`),
  ];
  return { tool: "kube-score", checks, findings, ignored: ignoredCount, notes };
}
