// What `helm install` prints after installing (NOTES.txt): how to reach the API and the MCP
// server, and the warnings a values combination the application cannot fully work with deserves.
// Rendered by Helm 4's client-side dry run; Helm 3's install contacts a cluster even then, so
// without Helm 4 in the run these cases are reported as skipped.
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { chartDir, helms } from "../render.ts";

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
