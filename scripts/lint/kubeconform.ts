// kubeconform -strict on every render, against the JSON schemas of the oldest and newest
// Kubernetes minor the chart claims (made offline by schemas.ts): unknown fields, wrong types,
// missing required fields and kinds or API versions that version does not serve.

import { existsSync } from "node:fs";
import { execa } from "execa";
import type { Finding, ToolResult } from "./findings.ts";
import type { RenderedProfile } from "./render.ts";
import { kubernetesVersions, schemaDir, schemasRoot } from "./schemas.ts";
import { builtTool, kubeconformTool } from "./tools.ts";

interface KubeconformResource {
  kind: string;
  name: string;
  status: string;
  msg: string;
  validationErrors?: { path: string; msg: string }[];
}

interface KubeconformOutput {
  resources?: KubeconformResource[];
  summary?: { valid: number; invalid: number; errors: number; skipped: number };
}

function advice(message: string): string {
  if (message.includes("additional properties"))
    return "remove the field or fix its spelling (the API server drops or rejects it)";
  if (message.includes("missing property")) return "add the required field";
  if (message.includes("could not find schema")) return "use a kind and apiVersion this Kubernetes version serves";
  return "make the value match the Kubernetes API type";
}

export async function kubeconform(renders: RenderedProfile[]): Promise<ToolResult> {
  const binary = builtTool(kubeconformTool);
  const findings: Finding[] = [];
  let checks = 0;
  for (const version of kubernetesVersions) {
    if (!existsSync(schemaDir(version))) {
      throw new Error(
        `kubeconform schemas for Kubernetes ${version} are missing: run \`npx tsx scripts/lint/setup.ts\``,
      );
    }
    for (const render of renders) {
      const args = ["-strict", "-summary", "-output", "json", "-kubernetes-version", version];
      const result = await execa(binary, [...args, "-schema-location", schemasRoot, "-"], {
        input: render.text,
        reject: false,
      });
      const output = JSON.parse(result.stdout) as KubeconformOutput;
      const summary = output.summary ?? { valid: 0, invalid: 0, errors: 0, skipped: 0 };
      checks += summary.valid + summary.invalid + summary.errors + summary.skipped;
      for (const resource of output.resources ?? []) {
        if (resource.status === "statusValid" || resource.status === "statusSkipped") continue;
        const object = `${resource.kind}/${resource.name} (${render.label}, Kubernetes ${version})`;
        const errors = resource.validationErrors?.length
          ? resource.validationErrors
          : [{ path: "", msg: resource.msg }];
        for (const error of errors) {
          const field = error.path.replace(/^\//, "").replaceAll("/", ".") || "(object)";
          const rule = error.msg.includes("additional properties") ? "unknown-field" : "schema";
          findings.push({ tool: "kubeconform", rule, object, field, message: `${error.msg}: ${advice(error.msg)}` });
        }
      }
    }
  }
  return { tool: "kubeconform", checks, findings };
}
