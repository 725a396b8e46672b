// What `helm install` prints after installing (NOTES.txt): how to reach the API and the MCP
// server, and the warnings a values combination the application cannot fully work with deserves.
// Rendered by Helm 4's client-side dry run; Helm 3's install contacts a cluster even then, so
// without Helm 4 in the run these cases are reported as skipped.
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { chartDir } from "../../scripts/chart/folder.ts";
import { helms } from "../render.ts";

const helm4 = helms.find((helm) => helm.major === 4);

async function notes(set: Record<string, string | boolean> = {}): Promise<string> {
  if (!helm4) throw new Error("Helm 4 is not in use");
  const args = ["install", "cryptoflow", chartDir, "--namespace", "trading", "--dry-run=client"];
  for (const [key, value] of Object.entries(set)) args.push("--set", `${key}=${value}`);
  const { stdout } = await execa(helm4.path, args);
  const start = stdout.indexOf("NOTES:");
  expect(start, "helm printed NOTES").toBeGreaterThan(0);
  return stdout.slice(start);
}

const chromaWarning = /WARNING: the MCP server's Chroma adapter dials the host "chroma"/;

describe.skipIf(!helm4)("the install notes (Helm 4 only)", () => {
  it("say how MCP clients reach the MCP server, and which pods may", async () => {
    const text = await notes();
    expect(text).toContain("http://mcp.trading.svc.cluster.local:8000/sse");
    expect(text).toContain("cryptoflow.io/mcp-client=true");
    expect(text).toContain("kubectl port-forward service/mcp 8000:8000 --namespace trading");
  });

  it("say how migrations run and what the image must contain", async () => {
    const text = await notes();
    expect(text).toMatch(/Database migrations \(migrations\.mode=helmHook\): a Job runs `alembic upgrade head`/);
    expect(text).toMatch(/migrations\.whenScriptsMissing=skip/);
    expect(await notes({ "migrations.enabled": false })).toMatch(/Database migrations are off/);
    expect(await notes({ "migrations.whenScriptsMissing": "fail" })).not.toMatch(/release still\s+succeeds/);
  });

  it("say which migrations.mode is in use and what it means for the user", async () => {
    const hook = await notes();
    expect(hook).toMatch(
      /migrations\.mode=helmHook\): a Job runs `alembic upgrade head` after install\s+and before each upgrade/,
    );
    expect(hook).toMatch(/use migrations\.mode=argoCD there, and migrations\.mode=plain/);
    const argo = await notes({ "migrations.mode": "argoCD" });
    expect(argo).toMatch(/migrations\.mode=argoCD\): a Job runs `alembic upgrade head` as an Argo CD\s+Sync hook/);
    expect(argo).toMatch(/\(sync wave -1\)[\s\S]*\(wave 0\)[\s\S]*\(wave 1\)/);
    expect(argo).toMatch(/Deploy this\s+mode with Argo CD only/);
    const plain = await notes({ "migrations.mode": "plain" });
    const job = plain.match(/kubectl logs job\/(migrations-[0-9a-f]{10}) --namespace trading/)?.[1];
    expect(job, "the Job's hashed name").toBeDefined();
    expect(plain).toMatch(/migrations\.mode=plain\): a Job runs `alembic upgrade head` with no hooks/);
    expect(plain).toContain("kubectl logs deployment/order-service -c wait-for-schema --namespace trading");
    expect(plain).toMatch(/Works with kubectl apply, Flux and Argo CD alike/);
    expect(plain).not.toMatch(/succeeded\s+hook Job is deleted/);
    for (const mode of ["helmHook", "argoCD", "plain"]) {
      expect(await notes({ "migrations.mode": mode, "migrations.enabled": false })).toMatch(
        /Database migrations are off/,
      );
    }
  });

  it("warn that the MCP server cannot find Chroma under a prefixed name or a managed Chroma", async () => {
    expect(await notes()).not.toMatch(chromaWarning);
    expect(await notes({ nameOverride: "trading" })).not.toMatch(chromaWarning);
    expect(await notes({ prefixWithReleaseName: true })).toMatch(chromaWarning);
    expect(await notes({ fullnameOverride: "shop" })).toMatch(/its Chroma Service is shop-chroma/);
    expect(await notes({ "chroma.enabled": false, "externalChroma.host": "chroma.example.com" })).toMatch(
      chromaWarning,
    );
  });

  it("say that AI keys kept in existingSecret need networkPolicy.aiProviders.allow=always", async () => {
    const hint = /set networkPolicy\.aiProviders\.allow=always/;
    expect(await notes()).not.toMatch(hint);
    expect(await notes({ existingSecret: "mine" })).toMatch(hint);
    expect(await notes({ existingSecret: "mine", "networkPolicy.aiProviders.allow": "always" })).not.toMatch(hint);
  });
});
