// `helm lint --strict` with Helm 3 and Helm 4, on every values profile, at the oldest and newest
// Kubernetes minor that Chart.yaml claims (deprecations and the kubeVersion constraint depend on it).
import { execa } from "execa";
import { kubernetesRange, minorOf } from "../../schema/chart.ts";
import { type Profile, profileArgs } from "../chart/folder.ts";
import type { HelmBinary } from "../tools.ts";
import type { Finding, ToolResult } from "./findings.ts";

export const lintKubeVersions = [kubernetesRange.oldest, kubernetesRange.newest].map(
  (version) => `${minorOf(version)}.0`,
);

/** helm lint prints `[ERROR] templates/api/deployment.yaml: message` and `[WARNING] …`; --strict fails on both. */
export function parseHelmLint(output: string, helm: string, context: string): Finding[] {
  const findings: Finding[] = [];
  for (const line of output.split("\n")) {
    const match = line.match(/^\[(ERROR|WARNING)\]\s+([^:]*):\s*(.*)$/);
    if (match) {
      findings.push({
        tool: "helm-lint",
        rule: `${helm} ${match[1].toLowerCase()}`,
        object: `${match[2] || "chart"} (${context})`,
        field: match[2] || "chart",
        message: `${match[3]}: fix the template or values so helm lint --strict passes`,
      });
    }
  }
  return findings;
}

export async function helmLint(helms: HelmBinary[], chartDir: string, profiles: Profile[]): Promise<ToolResult> {
  const runs = helms.flatMap((helm) =>
    profiles.flatMap((profile) => lintKubeVersions.map((kubeVersion) => ({ helm, profile, kubeVersion }))),
  );
  const results = await Promise.all(
    runs.map(async ({ helm, profile, kubeVersion }) => {
      const args = ["lint", "--strict", chartDir, "--kube-version", kubeVersion, ...profileArgs(profile)];
      const result = await execa(helm.path, args, { reject: false, all: true });
      const name = `helm${helm.major}`;
      const context = `${profile.name === "default" ? "default values" : `profile ${profile.name}`}, Kubernetes ${kubeVersion}`;
      const findings = parseHelmLint(String(result.all), name, context);
      if (result.exitCode !== 0 && findings.length === 0) {
        const message = String(result.all).trim().split("\n").pop() ?? `exit ${result.exitCode}`;
        findings.push({ tool: "helm-lint", rule: name, object: `chart (${context})`, field: "chart", message });
      }
      return findings;
    }),
  );
  return { tool: "helm-lint", checks: runs.length, findings: results.flat() };
}
