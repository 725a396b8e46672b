// Pushes an OCI image (tar layers + a config) to a Distribution registry over its HTTP API, and
// reads an image's config back. Plain HTTP only: the registries this project pushes to listen on
// the loopback (127.0.0.1:5001 for the node, 5002 for tests).
//
// Layers are streamed from disk, never held in memory. They are pushed uncompressed
// (application/vnd.oci.image.layer.v1.tar) by default: on a loopback registry that is the fastest
// for both sides (no deflate on push, no inflate when containerd unpacks), at the cost of registry
// disk. IMAGE_LAYER_COMPRESSION=gzip pushes gzip level 1 instead (for a registry behind a slow
// link). A layer's digest is remembered by path, size and mtime, so an unchanged file is hashed
// once and a blob the registry already holds is not sent again.
import { createHash } from "node:crypto";
import { createReadStream, existsSync, mkdirSync, readFileSync, realpathSync, statSync, writeFileSync } from "node:fs";
import { type IncomingHttpHeaders, request } from "node:http";
import { dirname, join } from "node:path";
import { type Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import { userCacheDir } from "../tools.ts";

export interface ImageConfig {
  entrypoint?: string[];
  cmd?: string[];
  env?: Record<string, string>;
  user?: string;
  workingDir?: string;
  exposedPorts?: string[];
  labels?: Record<string, string>;
  /** The signal that stops the container (postgres: SIGINT, a fast shutdown), as the image's StopSignal. */
  stopSignal?: string;
}

/** The parts of an OCI image config this project reads back. */
export interface PushedImageConfig {
  architecture: string;
  os: string;
  config: {
    Entrypoint?: string[];
    Cmd?: string[];
    Env?: string[];
    User?: string;
    WorkingDir?: string;
    ExposedPorts?: Record<string, object>;
    Labels?: Record<string, string>;
    StopSignal?: string;
  };
  rootfs: { type: "layers"; diff_ids: string[] };
}

interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
}

const mediaTypes = {
  manifest: "application/vnd.oci.image.manifest.v1+json",
  config: "application/vnd.oci.image.config.v1+json",
  layer: "application/vnd.oci.image.layer.v1.tar",
  layerGzip: "application/vnd.oci.image.layer.v1.tar+gzip",
};
const manifestAccept = [
  mediaTypes.manifest,
  "application/vnd.docker.distribution.manifest.v2+json",
  "application/vnd.oci.image.index.v1+json",
  "application/vnd.docker.distribution.manifest.list.v2+json",
].join(", ");
const defaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** One HTTP exchange; `body` is a buffer or a stream factory (streamed with the given length, or chunked). */
function call(
  url: URL,
  method: string,
  options: { headers?: Record<string, string | number>; body?: Buffer | NodeJS.ReadableStream } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on("error", reject);
    });
    req.on("error", reject);
    const body = options.body;
    if (body === undefined) req.end();
    else if (Buffer.isBuffer(body)) req.end(body);
    else pipeline(body, req).catch(reject);
  });
}

function fail(what: string, reply: Reply): never {
  throw new Error(`${what}: HTTP ${reply.status} ${reply.body.toString("utf8").slice(0, 500)}`);
}

function splitReference(reference: string): { repository: string; tag: string } {
  const at = reference.lastIndexOf(":");
  if (at <= 0 || reference.slice(at).includes("/")) throw new Error(`image reference needs a tag: ${reference}`);
  return { repository: reference.slice(0, at), tag: reference.slice(at + 1) };
}

function sha256(data: Buffer | string): string {
  return `sha256:${createHash("sha256").update(data).digest("hex")}`;
}

// ---- digests of layer files, remembered across runs ----

interface KnownLayer {
  size: number;
  mtimeMs: number;
  compression: string;
  diffId: string;
  digest: string;
  blobSize: number;
}
const digestCacheFile = join(userCacheDir, "images", "layer-digests.json");

function readDigestCache(): Record<string, KnownLayer> {
  try {
    return JSON.parse(readFileSync(digestCacheFile, "utf8")) as Record<string, KnownLayer>;
  } catch {
    return {};
  }
}

/** Entries are keyed by path and compression. */
function rememberLayer(path: string, layer: KnownLayer): void {
  const cache = readDigestCache();
  cache[`${layer.compression}:${path}`] = layer;
  for (const key of Object.keys(cache)) if (!existsSync(key.slice(key.indexOf(":") + 1))) delete cache[key];
  mkdirSync(dirname(digestCacheFile), { recursive: true });
  writeFileSync(digestCacheFile, `${JSON.stringify(cache, null, 1)}\n`);
}

function compression(): "none" | "gzip" {
  const chosen = process.env.IMAGE_LAYER_COMPRESSION ?? "none";
  if (chosen !== "none" && chosen !== "gzip")
    throw new Error(`IMAGE_LAYER_COMPRESSION must be none or gzip, not ${chosen}`);
  return chosen;
}

/** Counts and hashes what flows through it. */
class Hasher extends Transform {
  readonly hash = createHash("sha256");
  size = 0;
  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null, data?: Buffer) => void) {
    this.hash.update(chunk);
    this.size += chunk.length;
    done(null, chunk);
  }
  digest(): string {
    return `sha256:${this.hash.digest("hex")}`;
  }
}

class Registry {
  constructor(
    readonly host: string,
    readonly repository: string,
  ) {}

  url(path: string): URL {
    return new URL(`http://${this.host}/v2/${this.repository}/${path}`);
  }

  async hasBlob(digest: string): Promise<boolean> {
    const reply = await call(this.url(`blobs/${digest}`), "HEAD");
    return reply.status === 200;
  }

  async startUpload(): Promise<URL> {
    const reply = await call(this.url("blobs/uploads/"), "POST", { headers: { "Content-Length": 0 } });
    if (reply.status !== 202 || !reply.headers.location) fail(`starting an upload to ${this.repository}`, reply);
    return new URL(reply.headers.location, `http://${this.host}`);
  }

  static withDigest(location: URL, digest: string): URL {
    const url = new URL(location);
    url.searchParams.set("digest", digest);
    return url;
  }

  /** Monolithic upload of a blob whose digest is known. */
  async putBlob(digest: string, size: number, body: Buffer | NodeJS.ReadableStream): Promise<void> {
    if (await this.hasBlob(digest)) return;
    const location = await this.startUpload();
    const reply = await call(Registry.withDigest(location, digest), "PUT", {
      headers: { "Content-Type": "application/octet-stream", "Content-Length": size },
      body,
    });
    if (reply.status !== 201) fail(`uploading ${digest} to ${this.repository}`, reply);
  }

  /** Streams a layer file whose digest is not known yet: one read hashes and sends it (chunked PATCH, then PUT). */
  async streamLayer(path: string, gzip: boolean): Promise<Omit<KnownLayer, "size" | "mtimeMs" | "compression">> {
    const location = await this.startUpload();
    const raw = new Hasher();
    const sent = new Hasher();
    const read = createReadStream(path, { highWaterMark: 1 << 20 });
    const middle: Transform[] = gzip ? [raw, createGzip({ level: 1 })] : [raw];
    let source: Readable = read;
    for (const stage of [...middle, sent]) source = source.pipe(stage);
    // .pipe() does not forward errors: a failed read fails the request through the last stage.
    for (const stage of [read, ...middle]) stage.on("error", (error: Error) => sent.destroy(error));
    const patched = await call(location, "PATCH", {
      headers: { "Content-Type": "application/octet-stream", "Transfer-Encoding": "chunked" },
      body: sent,
    });
    if (patched.status !== 202 || !patched.headers.location) fail(`uploading ${path} to ${this.repository}`, patched);
    const digest = sent.digest();
    const done = await call(Registry.withDigest(new URL(patched.headers.location, location), digest), "PUT", {
      headers: { "Content-Length": 0 },
    });
    if (done.status !== 201) fail(`finishing the upload of ${path} to ${this.repository}`, done);
    return { diffId: raw.digest(), digest, blobSize: sent.size };
  }

  async getManifest(tag: string): Promise<Reply | undefined> {
    const reply = await call(this.url(`manifests/${tag}`), "GET", { headers: { Accept: manifestAccept } });
    if (reply.status === 404) return undefined;
    if (reply.status !== 200) fail(`reading the manifest ${this.repository}:${tag}`, reply);
    return reply;
  }

  async getBlob(digest: string): Promise<Buffer> {
    const reply = await call(this.url(`blobs/${digest}`), "GET");
    if (reply.status !== 200) fail(`reading the blob ${digest} of ${this.repository}`, reply);
    return reply.body;
  }
}

/** Sends one layer file (unless the registry has it) and returns its descriptor and diff ID. */
async function pushLayer(registry: Registry, file: string): Promise<{ descriptor: Descriptor; diffId: string }> {
  const path = realpathSync(file);
  const { size, mtimeMs } = statSync(path);
  const wanted = compression();
  const mediaType = wanted === "gzip" ? mediaTypes.layerGzip : mediaTypes.layer;
  const known = readDigestCache()[`${wanted}:${path}`];
  if (known && known.size === size && known.mtimeMs === mtimeMs && known.compression === wanted) {
    if (!(await registry.hasBlob(known.digest))) {
      if (wanted === "gzip") {
        const streamed = await registry.streamLayer(path, true);
        rememberLayer(path, { size, mtimeMs, compression: wanted, ...streamed });
        return { descriptor: { mediaType, digest: streamed.digest, size: streamed.blobSize }, diffId: streamed.diffId };
      }
      await registry.putBlob(known.digest, size, createReadStream(path, { highWaterMark: 1 << 20 }));
    }
    return { descriptor: { mediaType, digest: known.digest, size: known.blobSize }, diffId: known.diffId };
  }
  const streamed = await registry.streamLayer(path, wanted === "gzip");
  if (statSync(path).mtimeMs !== mtimeMs) throw new Error(`${path} changed while it was pushed`);
  rememberLayer(path, { size, mtimeMs, compression: wanted, ...streamed });
  return { descriptor: { mediaType, digest: streamed.digest, size: streamed.blobSize }, diffId: streamed.diffId };
}

function goArch(): string {
  const arch: Record<string, string> = { x64: "amd64", arm64: "arm64", ppc64: "ppc64le", s390x: "s390x" };
  return arch[process.arch] ?? process.arch;
}

/**
 * Pushes `layers` (tar files, base first) with `config` as `reference` (repo:tag) to the registry at
 * `registry` (host:port, plain HTTP) and returns the manifest digest.
 */
export async function pushImage(
  registry: string,
  reference: string,
  layers: string[],
  config: ImageConfig,
): Promise<string> {
  const { repository, tag } = splitReference(reference);
  const target = new Registry(registry, repository);
  const pushed: { descriptor: Descriptor; diffId: string }[] = [];
  for (const layer of layers) pushed.push(await pushLayer(target, layer));

  const env = { PATH: defaultPath, ...config.env };
  const imageConfig: PushedImageConfig = {
    architecture: goArch(),
    os: "linux",
    config: {
      ...(config.user !== undefined && { User: config.user }),
      ...(config.exposedPorts?.length && {
        ExposedPorts: Object.fromEntries(
          config.exposedPorts.map((port) => [port.includes("/") ? port : `${port}/tcp`, {}]),
        ),
      }),
      Env: Object.entries(env).map(([name, value]) => `${name}=${value}`),
      ...(config.entrypoint && { Entrypoint: config.entrypoint }),
      ...(config.cmd && { Cmd: config.cmd }),
      ...(config.workingDir && { WorkingDir: config.workingDir }),
      ...(config.labels && { Labels: config.labels }),
      ...(config.stopSignal && { StopSignal: config.stopSignal }),
    },
    rootfs: { type: "layers", diff_ids: pushed.map((layer) => layer.diffId) },
  };
  const configBytes = Buffer.from(JSON.stringify(imageConfig));
  const configDigest = sha256(configBytes);
  await target.putBlob(configDigest, configBytes.length, configBytes);

  const manifest = {
    schemaVersion: 2,
    mediaType: mediaTypes.manifest,
    config: { mediaType: mediaTypes.config, digest: configDigest, size: configBytes.length },
    layers: pushed.map((layer) => layer.descriptor),
  };
  const manifestBytes = Buffer.from(JSON.stringify(manifest));
  const reply = await call(target.url(`manifests/${tag}`), "PUT", {
    headers: { "Content-Type": mediaTypes.manifest, "Content-Length": manifestBytes.length },
    body: manifestBytes,
  });
  if (reply.status !== 201) fail(`pushing the manifest ${reference}`, reply);
  return sha256(manifestBytes);
}

/**
 * Gives the image `source` a second name, `target`, in the same registry: its blobs are mounted
 * into the target repository (no copy) and the very manifest bytes are put under the new tag.
 */
export async function tagImage(registry: string, source: string, target: string): Promise<void> {
  const from = splitReference(source);
  const to = splitReference(target);
  const origin = new Registry(registry, from.repository);
  const destination = new Registry(registry, to.repository);
  const reply = await origin.getManifest(from.tag);
  if (!reply) throw new Error(`${registry}/${source} is not in the registry`);
  const manifest = JSON.parse(reply.body.toString("utf8")) as { config: Descriptor; layers: Descriptor[] };
  for (const blob of [manifest.config, ...manifest.layers]) {
    if (await destination.hasBlob(blob.digest)) continue;
    const mount = destination.url("blobs/uploads/");
    mount.searchParams.set("mount", blob.digest);
    mount.searchParams.set("from", from.repository);
    const mounted = await call(mount, "POST", { headers: { "Content-Length": 0 } });
    if (mounted.status !== 201) fail(`mounting ${blob.digest} from ${from.repository} into ${to.repository}`, mounted);
  }
  const put = await call(destination.url(`manifests/${to.tag}`), "PUT", {
    headers: { "Content-Type": String(reply.headers["content-type"]), "Content-Length": reply.body.length },
    body: reply.body,
  });
  if (put.status !== 201) fail(`tagging ${source} as ${target}`, put);
}

/** The config of `reference` in the registry, or undefined when the registry has no such tag. */
export async function readImageConfig(registry: string, reference: string): Promise<PushedImageConfig | undefined> {
  const { repository, tag } = splitReference(reference);
  const source = new Registry(registry, repository);
  const reply = await source.getManifest(tag);
  if (!reply) return undefined;
  const manifest = JSON.parse(reply.body.toString("utf8")) as { mediaType?: string; config?: Descriptor };
  if (!manifest.config) return undefined; // an index: not something this project pushed
  return JSON.parse((await source.getBlob(manifest.config.digest)).toString("utf8")) as PushedImageConfig;
}

/** The layer descriptors of `reference` (for tests that unpack a pushed image). */
export async function readImageLayers(registry: string, reference: string): Promise<Descriptor[]> {
  const { repository, tag } = splitReference(reference);
  const reply = await new Registry(registry, repository).getManifest(tag);
  if (!reply) throw new Error(`${registry}/${reference} is not in the registry`);
  return (JSON.parse(reply.body.toString("utf8")) as { layers: Descriptor[] }).layers;
}

/** A stream of one blob of `repository` (a layer, for unpacking). */
export function blobStream(registry: string, repository: string, digest: string): Promise<NodeJS.ReadableStream> {
  return new Promise((resolve, reject) => {
    const req = request(new Registry(registry, repository).url(`blobs/${digest}`), { method: "GET" }, (res) => {
      if (res.statusCode === 200) resolve(res);
      else reject(new Error(`reading the blob ${digest} of ${repository}: HTTP ${res.statusCode}`));
    });
    req.on("error", reject);
    req.end();
  });
}
