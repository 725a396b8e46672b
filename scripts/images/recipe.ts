// What an image recipe is, and how one is brought into a registry: skipped when the registry
// already holds the image made from the same recipe (its config carries the recipe's hash as a
// label), pushed from the cached root filesystem when only the push is missing, built otherwise.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { projectRoot } from "../project-root.ts";
import { userCacheDir } from "../tools.ts";
import { type ImageConfig, pushImage, readImageConfig } from "./oci-image.ts";

export interface ImageRecipe {
  /** Short name: its files are in image/<name>/, its cached root filesystem is <name>-<hash>.tar. */
  name: string;
  /** repository:tag in the registry (docker.io's official images under library/). */
  reference: string;
  /** The recipe's module file: part of the recipe's hash. */
  source: string;
  /** Writes the image's root filesystem (one layer) as a tar file at `out`; mmdebstrap's output goes to `log`. */
  build(out: string, log: string): Promise<void>;
  config: ImageConfig;
}

export const imagesCacheDir = join(userCacheDir, "images");
export const recipeLabel = "org.cryptoflow.recipe";
const here = dirname(fileURLToPath(import.meta.url));

/** The recipe's folder under image/. */
export function imageDir(name: string): string {
  return join(projectRoot, "image", name);
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .map((entry) => join(dir, entry))
    .filter((path) => statSync(path).isFile() && !path.endsWith(".md"))
    .sort();
}

/**
 * rootfs: hash of what shapes the root filesystem (the recipe module, the shared Debian helpers,
 * image/<name>/ but its READMEs); image: that plus what shapes the pushed image (this module, the OCI writer, the config).
 */
export function recipeHashes(recipe: ImageRecipe): { rootfs: string; image: string } {
  const rootfs = createHash("sha256");
  for (const file of [recipe.source, join(here, "debian.ts"), ...filesUnder(imageDir(recipe.name))]) {
    const mode = statSync(file).mode & 0o111 ? "x" : "-";
    rootfs
      .update(`${relative(projectRoot, file)}\0${mode}\0`)
      .update(readFileSync(file))
      .update("\0");
  }
  const rootfsHash = rootfs.digest("hex");
  const image = createHash("sha256").update(rootfsHash);
  for (const file of [join(here, "recipe.ts"), join(here, "oci-image.ts")]) image.update(readFileSync(file));
  image.update(JSON.stringify(recipe.config));
  return { rootfs: rootfsHash, image: image.digest("hex") };
}

function seconds(since: number): number {
  return Math.round((Date.now() - since) / 1000);
}

/** Brings one image into the registry; prints one line; throws naming the image and the failed step. */
export async function ensureImage(registry: string, recipe: ImageRecipe): Promise<void> {
  const label = `image ${recipe.reference}`;
  let step = "reading it from the registry";
  try {
    const hashes = recipeHashes(recipe);
    const existing = await readImageConfig(registry, recipe.reference);
    if (existing?.config.Labels?.[recipeLabel] === hashes.image) {
      console.log(`${label}: up to date`);
      return;
    }
    mkdirSync(imagesCacheDir, { recursive: true });
    const tar = join(imagesCacheDir, `${recipe.name}-${hashes.rootfs.slice(0, 16)}.tar`);
    let built: number | undefined;
    if (!existsSync(tar)) {
      step = "building its root filesystem";
      const started = Date.now();
      const partial = `${tar}.partial`;
      rmSync(partial, { force: true });
      try {
        await recipe.build(partial, join(imagesCacheDir, `${recipe.name}.log`));
        renameSync(partial, tar);
      } finally {
        rmSync(partial, { force: true });
      }
      built = seconds(started);
      for (const old of readdirSync(imagesCacheDir)) {
        if (old.startsWith(`${recipe.name}-`) && old.endsWith(".tar") && join(imagesCacheDir, old) !== tar) {
          rmSync(join(imagesCacheDir, old));
        }
      }
    }
    step = "pushing it";
    const started = Date.now();
    const labels = { ...recipe.config.labels, [recipeLabel]: hashes.image };
    await pushImage(registry, recipe.reference, [tar], { ...recipe.config, labels });
    const size = `${Math.round(statSync(tar).size / 1e6)} MB`;
    const how = built === undefined ? "root filesystem from the cache" : `built in ${built} s`;
    console.log(`${label}: ${how}, pushed in ${seconds(started)} s (${size})`);
  } catch (error) {
    throw new Error(`${label}: ${step} failed: ${(error as Error).message}`);
  }
}
