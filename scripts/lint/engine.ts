// The lint engine: every chart check on one chart directory, so `npm run lint` runs it on chart/
// and the planted-defect tests on a temporary copy. Renders once per values profile and shares them.

import { chartProfiles } from "../chart/folder.ts";
import { helmBinaries } from "../tools.ts";
import { type ChartBaseline, chartTesting } from "./chart-testing.ts";
import type { ToolResult } from "./findings.ts";
import { helmLint } from "./helm-lint.ts";
import { checkIntegrity } from "./integrity.ts";
import { kubeScore } from "./kube-score.ts";
import { kubeconform } from "./kubeconform.ts";
import { checkPodSecurity } from "./pod-security.ts";
import { type RenderedProfile, renderProfile } from "./render.ts";

export interface ChartLintOptions {
  chartDir: string;
  /** The chart ct compares the version with; without it ct's version-increment check does not run. */
  baseline?: ChartBaseline;
  /** Only these values profiles (by name); every shipped profile when absent. */
  profiles?: string[];
}

export async function lintChart({ chartDir, baseline, profiles: only }: ChartLintOptions): Promise<ToolResult[]> {
  const helms = helmBinaries();
  const helm4 = helms.find((helm) => helm.major === 4) ?? helms[0];
  const helm3 = helms.find((helm) => helm.major === 3) ?? helms[0];
  const profiles = chartProfiles(chartDir).filter((profile) => !only || only.includes(profile.name));
  const results: ToolResult[] = [await helmLint(helms, chartDir, profiles)];
  results.push(await chartTesting(helm3, chartDir, baseline));

  const renders: RenderedProfile[] = [];
  const renderFailures: ToolResult = { tool: "helm-template", checks: 0, findings: [] };
  for (const profile of profiles) {
    // Each profile as shipped, and once more with every object named <release>-<component>, the longest
    // names, and with migrations.mode=plain: its hashed Job name and the database readers' init containers.
    const variants: Record<string, string>[] = [{}, { prefixWithReleaseName: "true", "migrations.mode": "plain" }];
    for (const set of variants) {
      renderFailures.checks++;
      try {
        renders.push(await renderProfile(helm4, chartDir, profile, set));
      } catch (error) {
        const message = (error as { stderr?: string }).stderr?.trim() || (error as Error).message;
        const overrides = Object.entries(set).map(([key, value]) => `, ${key}=${value}`);
        const object = `chart (${profile.name}${overrides.join("")})`;
        renderFailures.findings.push({ tool: "helm-template", rule: "render", object, field: "-", message });
      }
    }
  }
  results.push(renderFailures);
  const asShipped = renders.filter((render) => !render.label.includes("prefixWithReleaseName=true"));
  results.push(await kubeconform(renders));
  results.push(await kubeScore(asShipped));
  results.push(checkPodSecurity(renders));
  results.push(checkIntegrity(renders));
  return results;
}
