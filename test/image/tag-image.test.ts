// tagImage, which gives the CryptoFlow image the name earlier charts pulled it by: against a real
// registry, the second name serves the very manifest of the first, with its blobs mounted.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pushImage, readImageConfig, tagImage } from "../../scripts/images/oci-image.ts";
import { type Registry, startRegistry } from "../oci/registry-server.ts";

const scratch = mkdtempSync(join(tmpdir(), "cryptoflow-tag-image-"));

async function manifestDigest(registry: Registry, repository: string, tag: string): Promise<string | null> {
  const reply = await fetch(`http://${registry.host}/v2/${repository}/manifests/${tag}`, {
    method: "HEAD",
    headers: { Accept: "application/vnd.oci.image.manifest.v1+json" },
  });
  return reply.status === 200 ? reply.headers.get("docker-content-digest") : null;
}

describe("tagImage", () => {
  let registry: Registry | undefined;
  beforeAll(async () => {
    registry = await startRegistry();
    mkdirSync(join(scratch, "root", "app"), { recursive: true });
    writeFileSync(join(scratch, "root", "app", "hello.txt"), "hello\n");
    execFileSync("tar", ["-cf", join(scratch, "layer.tar"), "-C", join(scratch, "root"), "app"]);
    await pushImage(registry.host, "cryptoflow-chart/cryptoflow:1.0.0", [join(scratch, "layer.tar")], {
      labels: { "org.cryptoflow.recipe": "test" },
    });
  });
  afterAll(async () => {
    await registry?.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it("serves the same manifest under the earlier name, config and layers included", async () => {
    const host = registry?.host as string;
    expect(await manifestDigest(registry as Registry, "library/cryptoflow", "1.0.0")).toBeNull();
    await tagImage(host, "cryptoflow-chart/cryptoflow:1.0.0", "library/cryptoflow:1.0.0");
    const original = await manifestDigest(registry as Registry, "cryptoflow-chart/cryptoflow", "1.0.0");
    expect(await manifestDigest(registry as Registry, "library/cryptoflow", "1.0.0")).toBe(original);
    expect((await readImageConfig(host, "library/cryptoflow:1.0.0"))?.config.Labels).toEqual({
      "org.cryptoflow.recipe": "test",
    });
  });

  it("can run again on every setup", async () => {
    const host = registry?.host as string;
    await tagImage(host, "cryptoflow-chart/cryptoflow:1.0.0", "library/cryptoflow:1.0.0");
    expect(await manifestDigest(registry as Registry, "library/cryptoflow", "1.0.0")).toBe(
      await manifestDigest(registry as Registry, "cryptoflow-chart/cryptoflow", "1.0.0"),
    );
  });

  it("names the image it cannot find", async () => {
    await expect(tagImage(registry?.host as string, "nothing/here:1", "library/x:1")).rejects.toThrow(
      /nothing\/here:1 is not in the registry/,
    );
  });
});
