// `npm run setup`, after `npm ci`: installs the Debian packages the tests use, builds the pinned
// tools and the real node's tools, builds the images the node runs (cached in the registry's
// storage), generates the chart and renders the default install with every helm in use, so a
// fresh clone proves it works in one command.
import { execa } from "execa";
import { helmTemplate } from "./chart/helm-template.ts";
import { ensureClusterTools } from "./cluster/binaries.ts";
import { ensureDebianPackages } from "./debian-packages.ts";
import { runMain } from "./entry.ts";
import { buildCryptoflowImage } from "./images/cryptoflow.ts";
import { ensureImages } from "./images/main.ts";
import { ensureLintTools } from "./lint/setup.ts";
import { withImageRegistry } from "./node/image-registry.ts";
import { ensureNodeTools } from "./node/node-tools.ts";
import { ensureCosign } from "./oci/cosign-tool.ts";
import { ensureRegistryTools } from "./oci/registry-tool.ts";
import { projectRoot } from "./project-root.ts";
import { ensureVenv, urlParsersVenv } from "./python-venv.ts";
import { ensureTool, helmBinaries, helmTools } from "./tools.ts";

/** Prints how long a phase of the setup took, for the README's table of cold-run times. */
async function phase(name: string, body: () => unknown): Promise<void> {
  const started = Date.now();
  await body();
  console.log(`setup: ${name} done in ${Math.round((Date.now() - started) / 1000)}s`);
}

async function main(): Promise<void> {
  await phase("Debian packages", () => ensureDebianPackages());
  await phase("helm 3 and 4", async () => {
    for (const major of [3, 4] as const) await ensureTool(helmTools[major]);
  });
  await phase("registry", ensureRegistryTools);
  await phase("cosign", ensureCosign);
  // The Go builds keep both cores busy; the image builds mostly wait on apt and pip, so they overlap.
  await Promise.all([
    phase("Kubernetes binaries and node tools", async () => {
      await ensureClusterTools();
      await ensureNodeTools();
    }),
    phase("images", () =>
      withImageRegistry(async (registry) => {
        await ensureImages(registry);
        await buildCryptoflowImage(registry);
      }),
    ),
  ]);
  await phase("lint tools", ensureLintTools);
  await phase("URL parsers (PyPI)", () => ensureVenv(urlParsersVenv));
  await execa("npx", ["tsx", "scripts/generate.ts"], { cwd: projectRoot, stdio: "inherit" });
  for (const helm of helmBinaries()) {
    const { objects } = await helmTemplate(helm);
    const kinds = new Map<string, number>();
    for (const { kind = "?" } of objects) kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    const summary = [...kinds].map(([kind, count]) => `${count} ${kind}`).join(", ");
    console.log(`helm ${helm.version} renders the default install: ${summary}`);
  }
}

runMain(main);
