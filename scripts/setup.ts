// `npm run setup`, after `npm ci`: builds the pinned tools, generates the chart and renders the
// default install with every helm in use, so a fresh clone proves it works in one command.
import { execa } from "execa";
import { ensureClusterTools } from "./cluster/binaries.ts";
import { ensureLintTools } from "./lint/setup.ts";
import { ensureRegistryTools } from "./oci/registry-tool.ts";
import { ensureVenv, urlParsersVenv } from "./python-venv.ts";
import { ensureTool, helmBinaries, helmTools, projectRoot } from "./tools.ts";

async function main(): Promise<void> {
  for (const major of [3, 4] as const) await ensureTool(helmTools[major]);
  await ensureRegistryTools();
  await ensureClusterTools();
  await ensureLintTools();
  ensureVenv(urlParsersVenv);
  await execa("npx", ["tsx", "scripts/generate.ts"], { cwd: projectRoot, stdio: "inherit" });
  for (const helm of helmBinaries()) {
    const { stdout } = await execa(helm.path, ["template", "cryptoflow", "chart", "--namespace", "default"], {
      cwd: projectRoot,
    });
    const kinds = new Map<string, number>();
    for (const match of stdout.matchAll(/^kind: (\w+)$/gm)) kinds.set(match[1], (kinds.get(match[1]) ?? 0) + 1);
    const summary = [...kinds].map(([kind, count]) => `${count} ${kind}`).join(", ");
    console.log(`helm ${helm.version} renders the default install: ${summary}`);
  }
}

main().catch((error: Error) => {
  console.error(`error: ${error.message}`);
  process.exit(1);
});
