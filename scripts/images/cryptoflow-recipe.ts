// What the CryptoFlow image is made of, for scripts/images/cryptoflow.ts: where the recipe and the
// application's source are, the image config the Dockerfile sets, and the hash of every input that
// names a build in the cache and in the registry (label org.cryptoflow.recipe).
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { applicationImage, chartMetadata } from "../../schema/chart.ts";
import { projectRoot } from "../project-root.ts";
import type { ImageConfig } from "./oci-image.ts";

/** slim and full as in the Dockerfile; none (this builder only) leaves out torch and its CUDA wheels. */
export type TorchVariant = "slim" | "full" | "none";
export const torchVariants: readonly TorchVariant[] = ["slim", "full", "none"];

export interface RecipeOptions {
  torchVariant: TorchVariant;
  applyGrpcPatch: boolean;
}

export const recipeDir = join(projectRoot, "image", "cryptoflow");
export const defaultSource = resolve(
  process.env.CRYPTOFLOW_SRC ?? join(projectRoot, "..", "shared", "upstream", "cryptoflow-6b9dbc9"),
);
/** The chart's default application image, which the node pulls from the local registry through its ghcr.io mirror. */
export const imageReference = `${applicationImage.repository}:${chartMetadata.appVersion}`;
/**
 * The name charts before 0.8.0 pulled the image by (`cryptoflow:1.0.0`, docker.io/library/… through
 * the node's mirror): the e2e upgrade test installs the previous chart version first.
 */
export const earlierImageReferences = ["library/cryptoflow:1.0.0"];
export const recipeLabel = "org.cryptoflow.recipe";

/** The recipe files the build reads (not the README, nor pip-freeze-verified.txt, a record). */
export const recipeFiles = [
  "Dockerfile",
  "install-venv.sh",
  "install-venv-none.sh",
  "constraints.txt",
  "extra-requirements.txt",
  "grpc-targets.patch",
];

/** What the Dockerfile copies from the source into /app, in its order. */
export const appPaths = ["src", "main.py", "alembic.ini", "migrations", "scripts"];

/** Recipe options from TORCH_VARIANT and APPLY_GRPC_PATCH, the Dockerfile's build args. */
export function optionsFromEnv(env: NodeJS.ProcessEnv = process.env): RecipeOptions {
  const torchVariant = (env.TORCH_VARIANT ?? "slim") as TorchVariant;
  if (!torchVariants.includes(torchVariant))
    throw new Error(`TORCH_VARIANT must be one of ${torchVariants.join(", ")}, not ${torchVariant}`);
  return { torchVariant, applyGrpcPatch: (env.APPLY_GRPC_PATCH ?? "true") === "true" };
}

/** The default of a build arg in the Dockerfile (PIP_VERSION), so both builds use the same pip. */
export function dockerfileArg(name: string): string {
  const match = readFileSync(join(recipeDir, "Dockerfile"), "utf8").match(new RegExp(`^ARG ${name}=(\\S+)$`, "m"));
  if (!match) throw new Error(`image/cryptoflow/Dockerfile has no ARG ${name}=…`);
  return match[1];
}

/** Files below `dir` (or `dir` itself), sorted, so the hash does not depend on readdir order. */
function filesUnder(dir: string): string[] {
  if (!statSync(dir).isDirectory()) return [dir];
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile())
    .sort();
}

function hashFiles(hash: ReturnType<typeof createHash>, root: string, files: string[]): void {
  for (const file of files) {
    const executable = (statSync(file).mode & 0o111) !== 0;
    hash
      .update(`${relative(root, file)}\0${executable}\0`)
      .update(readFileSync(file))
      .update("\0");
  }
}

/** The builder's own code: a changed build step must not reuse an old image. */
const builderFiles = ["cryptoflow.ts", "cryptoflow-recipe.ts", "cryptoflow-chroot.ts"].map((name) =>
  join(dirname(fileURLToPath(import.meta.url)), name),
);

/** Hash of the recipe, the source files the image takes, the builder and the options: 16 hex digits. */
export function recipeHash(source: string, options: RecipeOptions): string {
  const hash = createHash("sha256").update(JSON.stringify(options));
  hashFiles(
    hash,
    recipeDir,
    recipeFiles.map((name) => join(recipeDir, name)),
  );
  hashFiles(hash, projectRoot, builderFiles);
  const sourceFiles = ["requirements.txt", ...appPaths].flatMap((path) => filesUnder(join(source, path)));
  hashFiles(hash, source, sourceFiles);
  return hash.digest("hex").slice(0, 16);
}

/** The runtime stage's ENV, USER, WORKDIR, EXPOSE, ENTRYPOINT and CMD (plus python:3.11-slim's LANG). */
export function imageConfig(hash: string, options: RecipeOptions): ImageConfig {
  return {
    entrypoint: ["/app/scripts/entrypoint.sh"],
    cmd: ["api"],
    env: {
      PATH: "/app/venv/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
      LANG: "C.UTF-8",
      PYTHONPATH: "/app",
      PYTHONUNBUFFERED: "1",
      HOME: "/home/appuser",
      HF_HOME: "/home/appuser/.cache/huggingface",
    },
    user: "1000:1000",
    workingDir: "/app",
    exposedPorts: ["8000/tcp", "50051/tcp", "50052/tcp"],
    labels: { [recipeLabel]: hash, "org.cryptoflow.torch-variant": options.torchVariant },
  };
}
