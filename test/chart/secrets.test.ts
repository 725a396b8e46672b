// Where credentials live: only in the Secret (or the user's own), never in a ConfigMap or in
// the chart's defaults, and never the well-known literals of the old manifests.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { V1ConfigMap, V1Deployment, V1Secret } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { chartDir } from "../../scripts/chart/folder.ts";
import { container, deployments, helms, named, ofKind, render } from "../render.ts";

const passwordKeys = ["POSTGRES_PASSWORD", "REDIS_PASSWORD", "RABBITMQ_PASSWORD"];

/** Every string leaf of a values tree whose key names a password, secret or key. */
function credentialLeaves(tree: unknown, path = ""): [string, unknown][] {
  if (!tree || typeof tree !== "object") return [];
  return Object.entries(tree).flatMap(([key, value]) => {
    const here = path ? `${path}.${key}` : key;
    if (value && typeof value === "object") return credentialLeaves(value, here);
    return /password|apikey|secret$/i.test(key) && key !== "existingSecret" ? [[here, value]] : [];
  });
}

describe.each(helms)("credentials with helm $version", (helm) => {
  it("keeps passwords in the Secret, each a generated one of real length", async () => {
    const rendered = await render(helm);
    const secret = named<V1Secret>(rendered, "Secret", "cryptoflow-secrets");
    for (const key of passwordKeys) {
      const password = Buffer.from(secret.data?.[key] ?? "", "base64").toString();
      expect(password.length, key).toBeGreaterThanOrEqual(24);
    }
  });

  it("puts no password in any ConfigMap", async () => {
    const rendered = await render(helm);
    const secret = named<V1Secret>(rendered, "Secret", "cryptoflow-secrets");
    const passwords = passwordKeys.map((key) => Buffer.from(secret.data?.[key] ?? "", "base64").toString());
    for (const map of ofKind<V1ConfigMap>(rendered, "ConfigMap")) {
      for (const [key, value] of Object.entries(map.data ?? {})) {
        expect(key).not.toMatch(/PASS|SECRET|KEY/);
        for (const password of passwords) expect(value).not.toContain(password);
      }
    }
  });

  it("never renders the literal passwords of the old manifests", async () => {
    const rendered = await render(helm);
    for (const secret of ofKind<V1Secret>(rendered, "Secret")) {
      for (const value of Object.values(secret.data ?? {})) {
        expect(Buffer.from(value, "base64").toString()).not.toMatch(/:(password|guest)@/);
      }
    }
    expect(rendered.text).not.toMatch(/\b(password|guest)@/);
  });

  it("uses an existing Secret instead of rendering one", async () => {
    const rendered = await render(helm, { set: { existingSecret: "cryptoflow-prod-credentials" } });
    expect(ofKind(rendered, "Secret")).toEqual([]);
    const references = deployments(rendered).flatMap((deployment) =>
      (container(deployment).env ?? []).flatMap((variable) => {
        const ref = variable.valueFrom?.secretKeyRef;
        return ref ? [{ reader: `${deployment.metadata?.name} ${variable.name}`, secret: ref.name }] : [];
      }),
    );
    // Every datastore's password and every client's connection settings come from that Secret.
    expect(references.length).toBeGreaterThanOrEqual(passwordKeys.length * 2);
    for (const { reader, secret } of references) expect(secret, reader).toBe("cryptoflow-prod-credentials");
  });

  it("stores AI keys only when they are given, and hands them to the MCP server alone", async () => {
    const rendered = await render(helm, { set: { "ai.openaiApiKey": "sk-test-123" } });
    const secret = named<V1Secret>(rendered, "Secret", "cryptoflow-secrets");
    expect(Buffer.from(secret.data?.OPENAI_API_KEY ?? "", "base64").toString()).toBe("sk-test-123");
    expect(secret.data?.GOOGLE_API_KEY).toBeUndefined();
    const mcpEnv = container(named<V1Deployment>(rendered, "Deployment", "mcp")).env ?? [];
    expect(mcpEnv.find((variable) => variable.name === "GOOGLE_API_KEY")?.valueFrom?.secretKeyRef?.optional).toBe(true);
    const readers = deployments(rendered).filter((deployment) =>
      (container(deployment).env ?? []).some((variable) => variable.name === "OPENAI_API_KEY"),
    );
    expect(readers.map((deployment) => deployment.metadata?.name)).toEqual(["mcp"]);
  });

  it("ships no password in its default values", () => {
    const values = parse(readFileSync(join(chartDir, "values.yaml"), "utf8"));
    const leaves = credentialLeaves(values);
    expect(leaves.length).toBeGreaterThanOrEqual(3);
    for (const [path, value] of leaves) expect(value, path).toBe("");
  });
});
