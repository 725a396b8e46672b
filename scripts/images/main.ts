// Builds the images the chart names for its datastores and test pods, offline (Debian packages,
// PyPI), and pushes them to a Distribution registry; unchanged recipes take seconds.
//   npx tsx scripts/images/main.ts 127.0.0.1:5002
import { debianPackages, ensureDebianPackages } from "../debian-packages.ts";
import { isEntry, runMain } from "../entry.ts";
import { busybox } from "./busybox.ts";
import { chroma } from "./chroma.ts";
import { postgres } from "./postgres.ts";
import { rabbitmq } from "./rabbitmq.ts";
import { ensureImage, type ImageRecipe } from "./recipe.ts";
import { redis } from "./redis.ts";

/** Every recipe, in the order they are built (the small ones first). */
export const recipes: ImageRecipe[] = [busybox, redis, postgres, rabbitmq, chroma];

async function checkRegistry(registry: string): Promise<void> {
  try {
    const reply = await fetch(`http://${registry}/v2/`);
    if (reply.status !== 200) throw new Error(`HTTP ${reply.status}`);
  } catch (error) {
    throw new Error(`no Distribution registry answers at http://${registry}/v2/ (${(error as Error).message})`);
  }
}

/** Brings every image into the registry at `registry` (host:port); throws naming the image and step that failed. */
export async function ensureImages(registry: string, only?: string[]): Promise<void> {
  await checkRegistry(registry);
  const chosen = only?.length ? recipes.filter((recipe) => only.includes(recipe.name)) : recipes;
  if (chosen.length === 0) throw new Error(`no image recipe named ${only?.join(", ")}`);
  ensureDebianPackages(debianPackages.filter((pkg) => pkg.name === "mmdebstrap"));
  for (const recipe of chosen) await ensureImage(registry, recipe);
}

if (isEntry(import.meta.url)) {
  const [registry, ...only] = process.argv.slice(2);
  if (!registry) {
    console.error("usage: npx tsx scripts/images/main.ts HOST:PORT [busybox|redis|postgres|rabbitmq|chroma ...]");
    process.exit(2);
  }
  const started = Date.now();
  runMain(async () => {
    await ensureImages(registry, only);
    console.log(`images ready in ${Math.round((Date.now() - started) / 1000)} s`);
  });
}
