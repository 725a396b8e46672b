// `npx tsx scripts/ci/runner-tools.ts JOB`: the pinned tools one GitHub workflow job needs, built as
// `npm run setup` builds them (cached in ~/.cache/cryptoflow-chart/) but without the real node's
// binaries and images, which need root and a day's worth of disk: a runner has neither to spare.
//   lint-and-test  `npm run lint` and `vitest run --project chart`
//   chart-testing  ct lint and ct install: helm, ct and ct's yamllint and yamale
//   release        npm run package, publish, sign and publish-artifacthub-metadata: helm, cosign, oras
import { ensureClusterTools } from "../cluster/binaries.ts";
import { runMain } from "../entry.ts";
import { ensureLintTools } from "../lint/setup.ts";
import { ensureCosign } from "../oci/cosign-tool.ts";
import { ensureOras } from "../oci/oras-tool.ts";
import { ensureRegistryTools } from "../oci/registry-tool.ts";
import { ensureVenv, urlParsersVenv } from "../python-venv.ts";
import { ensureTool, helmTools } from "../tools.ts";

const helms = async () => {
  for (const major of [3, 4] as const) await ensureTool(helmTools[major]);
};

const jobs: Record<string, () => Promise<void>> = {
  "lint-and-test": async () => {
    await helms();
    await ensureRegistryTools();
    await ensureCosign();
    await ensureLintTools();
    ensureVenv(urlParsersVenv);
    // Last: the longest build (six Kubernetes commands), for the API-server suites.
    await ensureClusterTools();
  },
  "chart-testing": async () => {
    await helms();
    await ensureLintTools();
  },
  release: async () => {
    await helms();
    await ensureCosign();
    await ensureOras();
  },
};

const job = process.argv[2] ?? "";
const build = jobs[job];
if (!build) {
  console.error(`usage: npx tsx scripts/ci/runner-tools.ts ${Object.keys(jobs).join("|")}`);
  process.exit(2);
}
runMain(build);
