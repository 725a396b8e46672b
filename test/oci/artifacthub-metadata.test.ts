// `npm run publish-artifacthub-metadata` against a real registry: the artifact Artifact Hub reads
// is at the chart's repository under the tag artifacthub.io, with Artifact Hub's media types, and
// its one layer is chart/artifacthub-repo.yml byte for byte.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chartIdentity } from "../../scripts/oci/chart-archive.ts";
import { helmBinaries } from "../../scripts/tools.ts";
import { chartFile, expectOneLineError, expectSuccess } from "./expectations.ts";
import { type HelmHome, helmHome } from "./helm-home.ts";
import { type Credentials, type Registry, startRegistry } from "./registry-server.ts";

const chart = chartIdentity();
const helm = helmBinaries().at(-1);
if (!helm) throw new Error("no helm binary");

interface Manifest {
  config: { mediaType: string; size: number };
  layers: { mediaType: string; digest: string; annotations?: Record<string, string> }[];
}

async function pushedMetadata(registry: Registry, headers: Record<string, string> = {}) {
  const url = `http://${registry.host}/v2/charts/${chart.name}`;
  const response = await fetch(`${url}/manifests/artifacthub.io`, {
    headers: { Accept: "application/vnd.oci.image.manifest.v1+json", ...headers },
  });
  expect(response.status).toBe(200);
  const manifest = (await response.json()) as Manifest;
  const layer = manifest.layers[0];
  const blob = await fetch(`${url}/blobs/${layer?.digest}`, { headers });
  return { manifest, digest: response.headers.get("docker-content-digest"), content: await blob.text() };
}

describe("Artifact Hub repository metadata in a registry without auth", () => {
  let registry: Registry | undefined;
  let home: HelmHome;
  beforeAll(async () => {
    home = helmHome(helm.path);
    registry = await startRegistry();
  });
  afterAll(async () => {
    await registry?.stop();
    home?.remove();
  });

  it("pushes artifacthub-repo.yml as cryptoflow:artifacthub.io with Artifact Hub's media types", async () => {
    const pushed = home.script("artifacthub-metadata", [`oci://${registry?.host}/charts`, "--plain-http"]);
    expectSuccess(pushed);
    expect(pushed.stdout).toContain(`artifacthub metadata: ${registry?.host}/charts/${chart.name}:artifacthub.io`);
    const { manifest, content } = await pushedMetadata(registry as Registry);
    expect(manifest.config).toMatchObject({ mediaType: "application/vnd.cncf.artifacthub.config.v1+yaml", size: 0 });
    expect(manifest.layers).toHaveLength(1);
    expect(manifest.layers[0]).toMatchObject({
      mediaType: "application/vnd.cncf.artifacthub.repository-metadata.layer.v1.yaml",
      annotations: { "org.opencontainers.image.title": "artifacthub-repo.yml" },
    });
    expect(content).toBe(chartFile("artifacthub-repo.yml"));
  });

  it("pushes the same artifact again on the next release, so the tag stays put", async () => {
    const before = await pushedMetadata(registry as Registry);
    expectSuccess(home.script("artifacthub-metadata", [`oci://${registry?.host}/charts`, "--plain-http"]));
    expect((await pushedMetadata(registry as Registry)).digest).toBe(before.digest);
  });

  it("refuses a reference that is not oci://, with the usage", () => {
    expectOneLineError(
      home.script("artifacthub-metadata", ["ghcr.io/charts"]),
      /expected an oci:\/\/ reference; usage: /,
    );
  });

  it("says the registry is unreachable when nothing listens there", () => {
    expectOneLineError(
      home.script("artifacthub-metadata", ["oci://127.0.0.1:9/charts", "--plain-http"]),
      /^error: registry unreachable: could not talk to 127\.0\.0\.1:9/,
    );
  });
});

describe("Artifact Hub repository metadata in a registry with basic auth", () => {
  const user: Credentials = { username: "ci-publisher", password: randomBytes(12).toString("hex") };
  let registry: Registry | undefined;
  let home: HelmHome;
  beforeAll(async () => {
    home = helmHome(helm.path);
    registry = await startRegistry(user);
  });
  afterAll(async () => {
    await registry?.stop();
    home?.remove();
  });

  it("refuses without credentials, saying authentication was refused", () => {
    expectOneLineError(
      home.script("artifacthub-metadata", [`oci://${registry?.host}/charts`, "--plain-http"]),
      /^error: authentication refused by 127\.0\.0\.1:\d+: set HELM_REGISTRY_USERNAME/,
    );
  });

  it("pushes with the credentials publish uses, HELM_REGISTRY_USERNAME and HELM_REGISTRY_PASSWORD", async () => {
    const env = { HELM_REGISTRY_USERNAME: user.username, HELM_REGISTRY_PASSWORD: user.password };
    expectSuccess(home.script("artifacthub-metadata", [`oci://${registry?.host}/charts`, "--plain-http"], env));
    const basic = Buffer.from(`${user.username}:${user.password}`).toString("base64");
    const { content } = await pushedMetadata(registry as Registry, { Authorization: `Basic ${basic}` });
    expect(content).toBe(chartFile("artifacthub-repo.yml"));
  });
});
