// Builds the CryptoFlow application image from image/cryptoflow/ without Docker or BuildKit, and
// pushes it under the chart's default image name (imageReference; the node's containerd pulls
// ghcr.io from the local registry). Mirrors the Dockerfile step by step, on a Debian bookworm root
// filesystem made by mmdebstrap instead of python:3.11-slim (see image/cryptoflow/README.md,
// "Built without Docker").
//
//   npx tsx scripts/images/cryptoflow.ts 127.0.0.1:5001 [SOURCE]      (as root)
//
// TORCH_VARIANT=slim|full|none and APPLY_GRPC_PATCH=true|false as the Dockerfile's build args.
// The layer tars are kept in ~/.cache/cryptoflow-chart/images/cryptoflow-<hash>, keyed by a hash of
// everything the build reads; the push is skipped when the registry's image carries that hash.
import { execFileSync, spawnSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { isEntry, runMain } from "../entry.ts";
import { userCacheDir } from "../tools.ts";
import { chrootShell, type Mount, removeStoppedBuild, removeTree, run, withMounts } from "./cryptoflow-chroot.ts";
import {
  appPaths,
  defaultSource,
  dockerfileArg,
  earlierImageReferences,
  imageConfig,
  imageReference,
  optionsFromEnv,
  type RecipeOptions,
  recipeDir,
  recipeHash,
  recipeLabel,
} from "./cryptoflow-recipe.ts";
import { pushImage, readImageConfig, readImageLayers, tagImage } from "./oci-image.ts";

/** python:3.11-slim's runtime packages (ca-certificates, netbase, tzdata), the Dockerfile's libpq5 and curl, and useradd. */
const debianPackages = ["python3", "python3-venv", "ca-certificates", "netbase", "tzdata", "libpq5", "curl", "passwd"];

/** debian:bookworm-slim's dpkg filters (python:3.11-slim's base): no docs, man pages or translations. */
const slimDpkgFilters = [
  "path-exclude=/usr/share/doc/*",
  "path-include=/usr/share/doc/*/copyright",
  "path-exclude=/usr/share/man/*",
  "path-exclude=/usr/share/groff/*",
  "path-exclude=/usr/share/info/*",
  "path-exclude=/usr/share/lintian/*",
  "path-exclude=/usr/share/linda/*",
  "path-exclude=/usr/share/locale/*",
  "path-include=/usr/share/locale/locale.alias",
];

const imagesCache = join(userCacheDir, "images");
/** pip's download cache, shared by every build: a rebuild does not fetch 4 GB of wheels again. */
const pipCache = join(userCacheDir, "pip");
const chrootPath = "/app/venv/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
const layerNames = ["base.tar", "venv.tar", "app.tar"];

/** What a finished build left in the cache (image.json). */
export interface CachedImage {
  hash: string;
  options: RecipeOptions;
  /** Layer tars, base first. */
  layers: string[];
  /** Bytes: the unpacked rootfs and each layer tar. */
  sizes: Record<string, number>;
  /** Seconds per step of the build that made it. */
  timings: Record<string, number>;
}

export const cachedImageDir = (hash: string) => join(imagesCache, `cryptoflow-${hash}`);

async function timed<T>(timings: Record<string, number>, step: string, body: () => Promise<T> | T): Promise<T> {
  const started = Date.now();
  console.log(`cryptoflow image: ${step}…`);
  const result = await body();
  timings[step] = Math.round((Date.now() - started) / 100) / 10;
  console.log(`cryptoflow image: ${step} took ${timings[step]} s`);
  return result;
}

function requireHost(): void {
  if (process.getuid?.() !== 0) throw new Error("building the image needs root (mmdebstrap, chroot, mount)");
  for (const [command, pkg] of [
    ["mmdebstrap", "mmdebstrap"],
    ["patch", "patch"],
    ["tar", "tar"],
    ["chroot", "coreutils"],
  ]) {
    if (spawnSync(command, ["--version"]).error) throw new Error(`${command} is missing: apt-get install ${pkg}`);
  }
}

/** Debian's own mirror (DEBIAN_MIRROR overrides it), bookworm with its updates and security suites. */
function debianSources(): string[] {
  const mirror = process.env.DEBIAN_MIRROR ?? "http://deb.debian.org/debian";
  const security = process.env.DEBIAN_SECURITY_MIRROR ?? "http://deb.debian.org/debian-security";
  return [
    `deb ${mirror} bookworm main`,
    `deb ${mirror} bookworm-updates main`,
    `deb ${security} bookworm-security main`,
  ];
}

/** The base: bookworm minbase plus the runtime packages. Bookworm's python3 is 3.11.2. */
async function bootstrap(rootfs: string): Promise<void> {
  await run("mmdebstrap", [
    "--variant=minbase",
    `--include=${debianPackages.join(",")}`,
    ...slimDpkgFilters.map((filter) => `--dpkgopt=${filter}`),
    "bookworm",
    rootfs,
    ...debianSources(),
  ]);
  // Host-specific copies made by mmdebstrap; the runtime mounts its own.
  for (const file of ["etc/resolv.conf", "etc/hostname"]) rmSync(join(rootfs, file), { force: true });
}

/** The runtime stage's user: uid/gid 1000 with a home, and WORKDIR /app. */
function addUser(rootfs: string): Promise<void> {
  const script = [
    "groupadd --gid 1000 appuser",
    "useradd --uid 1000 --gid 1000 --create-home --home-dir /home/appuser --shell /bin/bash appuser",
    "mkdir -p /app",
  ].join("\n");
  return chrootShell(rootfs, script, { PATH: chrootPath });
}

/** The CA bundle the host trusts (it may add a proxy's CA that Debian's bundle lacks). */
function hostCaBundle(): string {
  const named = [process.env.PIP_CERT, process.env.SSL_CERT_FILE, process.env.REQUESTS_CA_BUNDLE];
  const found = [...named, "/etc/ssl/certs/ca-certificates.crt"].find((path) => path && existsSync(path));
  if (!found)
    throw new Error("no CA bundle on the host (/etc/ssl/certs/ca-certificates.crt): apt-get install ca-certificates");
  return found;
}

/** The host's pip settings that decide how PyPI is reached; local paths such as PIP_FIND_LINKS stay out. */
function hostPipEnv(): Record<string, string> {
  const names = ["PIP_INDEX_URL", "PIP_EXTRA_INDEX_URL", "PIP_TRUSTED_HOST", "PIP_DEFAULT_TIMEOUT", "PIP_RETRIES"];
  const proxies = ["http_proxy", "https_proxy", "no_proxy"].flatMap((name) => [name, name.toUpperCase()]);
  return Object.fromEntries(
    [...names, ...proxies, "PIP_PROXY"].flatMap((name) => (process.env[name] ? [[name, process.env[name]]] : [])),
  );
}

/** The host's pip config files, bound where pip inside the rootfs (HOME=/root) looks for them. */
function pipConfigMounts(): Mount[] {
  const home = homedir();
  const userConfig = join(process.env.XDG_CONFIG_HOME ?? join(home, ".config"), "pip", "pip.conf");
  const files: [string, string][] = [
    ["/etc/pip.conf", "/etc/pip.conf"],
    ["/etc/xdg/pip/pip.conf", "/etc/xdg/pip/pip.conf"],
    [join(home, ".pip", "pip.conf"), "/root/.pip/pip.conf"],
    [userConfig, "/root/.config/pip/pip.conf"],
  ];
  return files.filter(([host]) => existsSync(host)).map(([source, target]) => ({ source, target, readOnly: true }));
}

const pipCacheInRoot = "/var/cache/cryptoflow-pip";
const caInRoot = "/etc/ssl/certs/ca-certificates.crt";

/** What a chroot that downloads needs: procfs, /dev, DNS, the host's CAs and pip settings, the pip cache. */
function networkMounts(): Mount[] {
  mkdirSync(pipCache, { recursive: true });
  return [
    { source: "proc", target: "/proc" },
    { source: "/dev", target: "/dev" },
    { source: "/etc/resolv.conf", target: "/etc/resolv.conf", readOnly: true },
    { source: hostCaBundle(), target: caInRoot, readOnly: true },
    { source: pipCache, target: pipCacheInRoot },
    ...pipConfigMounts(),
  ];
}

/** The recipe's install script, with pip's cache turned on (the Dockerfile passes --no-cache-dir). */
function stageInstaller(build: string, options: RecipeOptions): string {
  const name = options.torchVariant === "none" ? "install-venv-none.sh" : "install-venv.sh";
  const script = readFileSync(join(recipeDir, name), "utf8").replaceAll("--no-cache-dir ", "");
  writeFileSync(join(build, name), script);
  return name;
}

/** The builder stage's venv: python -m venv, the Dockerfile's pip, then install-venv.sh. */
async function installVenv(rootfs: string, source: string, options: RecipeOptions): Promise<void> {
  const build = join(rootfs, "build");
  mkdirSync(build, { recursive: true });
  copyFileSync(join(source, "requirements.txt"), join(build, "requirements.txt"));
  for (const file of ["extra-requirements.txt", "constraints.txt"])
    copyFileSync(join(recipeDir, file), join(build, file));
  const installer = stageInstaller(build, options);
  const script = [
    "python3 -m venv /app/venv",
    `pip install "pip==${dockerfileArg("PIP_VERSION")}"`,
    `sh /build/${installer} ${options.torchVariant} /build/requirements.txt /build/extra-requirements.txt /build/constraints.txt`,
  ].join("\n");
  const env = {
    PATH: chrootPath,
    HOME: "/root",
    LANG: "C.UTF-8",
    TMPDIR: "/tmp",
    PIP_DISABLE_PIP_VERSION_CHECK: "1",
    ...hostPipEnv(),
    PIP_CACHE_DIR: pipCacheInRoot,
    PIP_CERT: caInRoot,
  };
  await withMounts(rootfs, networkMounts(), () => chrootShell(rootfs, script, env));
}

/** COPY of the source (modes kept, owner root), the gRPC patch, and the entrypoint made executable. */
async function copyApp(rootfs: string, source: string, options: RecipeOptions): Promise<void> {
  const app = join(rootfs, "app");
  await run("cp", ["-R", "--preserve=mode,timestamps", ...appPaths.map((path) => join(source, path)), app]);
  if (options.applyGrpcPatch)
    await run("sh", ["-c", 'patch -p1 -d "$1" < "$2"', "patch", app, join(recipeDir, "grpc-targets.patch")]);
  await run("chmod", ["0755", join(app, "scripts", "entrypoint.sh")]);
}

/** The Dockerfile's compileall, with the venv's python inside the rootfs (so the .pyc match it). */
function compileApp(rootfs: string): Promise<void> {
  const script = "python -m compileall -q --invalidation-mode checked-hash /app/src /app/main.py /app/migrations";
  const mounts: Mount[] = [
    { source: "proc", target: "/proc" },
    { source: "/dev", target: "/dev" },
  ];
  return withMounts(rootfs, mounts, () => chrootShell(rootfs, script, { PATH: chrootPath, LANG: "C.UTF-8" }));
}

/** What the builder leaves that the runtime image does not have. */
function cleanRootfs(rootfs: string): void {
  for (const path of ["build", "root/.cache", pipCacheInRoot.slice(1)]) removeTree(join(rootfs, path));
  for (const entry of readdirSync(join(rootfs, "tmp"))) removeTree(join(rootfs, "tmp", entry));
}

/** Three layers, base first: the OS and user, the venv (GBs, changes with the requirements), the app code. */
async function tarLayers(rootfs: string, out: string): Promise<string[]> {
  const tar = (file: string, ...args: string[]) =>
    run("tar", ["--create", `--file=${join(out, file)}`, "--numeric-owner", "--sort=name", "-C", rootfs, ...args]);
  const appEntries = appPaths.map((path) => `app/${path}`);
  const excluded = ["app/venv", ...appEntries, "dev/*", "proc/*", "sys/*"].map((path) => `--exclude=${path}`);
  await tar("base.tar", "--anchored", ...excluded, ...readdirSync(rootfs).sort());
  await tar("venv.tar", "app/venv");
  await tar("app.tar", ...appEntries);
  return layerNames.map((name) => join(out, name));
}

function diskUsage(path: string, ...excludes: string[]): number {
  const args = ["-sb", ...excludes.map((exclude) => `--exclude=${exclude}`), path];
  return Number(execFileSync("du", args, { encoding: "utf8" }).split("\t")[0]);
}

function readCached(hash: string): CachedImage | undefined {
  const record = join(cachedImageDir(hash), "image.json");
  if (!existsSync(record)) return undefined;
  const cached = JSON.parse(readFileSync(record, "utf8")) as CachedImage;
  return cached.layers.every((layer) => existsSync(layer)) ? cached : undefined;
}

/**
 * Builds the image's layer tars for these inputs, or returns the cached ones. The rootfs is built in
 * cryptoflow-<hash>.partial and removed once tarred (KEEP_ROOTFS=1 keeps it, for inspection).
 */
export async function buildCryptoflowLayers(
  source: string = defaultSource,
  options: RecipeOptions = optionsFromEnv(),
): Promise<CachedImage> {
  const hash = recipeHash(source, options);
  const cached = readCached(hash);
  if (cached) return cached;
  requireHost();
  const partial = `${cachedImageDir(hash)}.partial`;
  const rootfs = join(partial, "rootfs");
  await removeStoppedBuild(partial);
  mkdirSync(partial, { recursive: true });
  const timings: Record<string, number> = {};
  await timed(timings, "mmdebstrap", () => bootstrap(rootfs));
  await timed(timings, "user", () => addUser(rootfs));
  await timed(timings, `venv (${options.torchVariant})`, () => installVenv(rootfs, source, options));
  await timed(timings, "copy, patch, compileall", async () => {
    await copyApp(rootfs, source, options);
    await compileApp(rootfs);
  });
  cleanRootfs(rootfs);
  const sizes = { rootfs: diskUsage(rootfs), venv: diskUsage(join(rootfs, "app", "venv")) };
  await timed(timings, "tar", () => tarLayers(rootfs, partial));
  for (const name of layerNames) sizes[name as keyof typeof sizes] = diskUsage(join(partial, name));
  if (process.env.KEEP_ROOTFS !== "1") await timed(timings, "remove rootfs", () => removeTree(rootfs));
  const done = cachedImageDir(hash);
  const record: CachedImage = { hash, options, layers: layerNames.map((name) => join(done, name)), sizes, timings };
  writeFileSync(join(partial, "image.json"), `${JSON.stringify(record, null, 2)}\n`);
  removeTree(done);
  renameSync(partial, done);
  return record;
}

/** True when the registry's imageReference was built from these very inputs. */
async function registryHasBuild(registry: string, hash: string): Promise<boolean> {
  const pushed = await readImageConfig(registry, imageReference);
  return pushed?.config.Labels?.[recipeLabel] === hash;
}

/**
 * Builds (or takes from the cache) the CryptoFlow image, pushes it as imageReference and names it
 * by its earlier references too.
 */
export async function buildCryptoflowImage(
  registry: string,
  source: string = defaultSource,
  options: RecipeOptions = optionsFromEnv(),
): Promise<void> {
  const hash = recipeHash(resolve(source), options);
  if (await registryHasBuild(registry, hash)) {
    console.log(`cryptoflow image: ${registry}/${imageReference} is already recipe ${hash}; not rebuilt`);
  } else await buildAndPush(registry, source, options, hash);
  for (const earlier of earlierImageReferences) await tagImage(registry, imageReference, earlier);
}

async function buildAndPush(registry: string, source: string, options: RecipeOptions, hash: string): Promise<void> {
  const image = await buildCryptoflowLayers(resolve(source), options);
  const started = Date.now();
  const digest = await pushImage(registry, imageReference, image.layers, imageConfig(hash, options));
  const pushed = (await readImageLayers(registry, imageReference)).reduce((sum, layer) => sum + layer.size, 0);
  const seconds = Math.round((Date.now() - started) / 100) / 10;
  console.log(
    `cryptoflow image: pushed ${registry}/${imageReference}@${digest} (${gigabytes(pushed)}) in ${seconds} s`,
  );
  console.log(`cryptoflow image: recipe ${hash}, build steps ${JSON.stringify(image.timings)}`);
  // The registry's storage is the cache from here on (its label names the recipe): 7 GB of layer
  // tars kept beside it would only double the disk the image takes.
  if (!process.env.KEEP_LAYERS) rmSync(cachedImageDir(hash), { recursive: true, force: true });
}

const gigabytes = (bytes: number) => `${(bytes / 1e9).toFixed(2)} GB`;

if (isEntry(import.meta.url)) {
  const [registry, source] = process.argv.slice(2);
  if (!registry) {
    console.error("usage: npx tsx scripts/images/cryptoflow.ts REGISTRY_HOST:PORT [SOURCE]  (as root)");
    process.exit(2);
  }
  runMain(() => buildCryptoflowImage(registry, source));
}
