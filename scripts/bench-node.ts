// `npm run bench:node`: the real node's budgets, measured, not asserted — the node Ready (60 s once
// built), the default install Ready with `helm install --wait` (3 minutes), the uninstall, and the
// teardown; with `-- --suite`, also the whole real-node suite (`npm run test:e2e`, 15 minutes warm)
// and each of its files. Needs root and `npm run setup` done. Prints figures; asserts nothing.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { kubeBinary } from "./cluster/binaries.ts";
import { runMain } from "./entry.ts";
import { startNode } from "./node/node.ts";
import { projectRoot } from "./project-root.ts";
import { helmBinaries } from "./tools.ts";

const seconds = (started: number) => `${((Date.now() - started) / 1000).toFixed(1)} s`;
const withBudget = (started: number, budgetSeconds: number) =>
  `${seconds(started)} (budget ${budgetSeconds} s${Date.now() - started > budgetSeconds * 1000 ? ": OVER" : ""})`;

/** The e2e project as CI runs it (its own node), timed as a whole and per file from vitest's report. */
async function timeSuite(): Promise<void> {
  const started = Date.now();
  const run = await execa("npx", ["vitest", "run", "--project", "e2e"], { cwd: projectRoot, reject: false, all: true });
  console.log(`real-node suite (npm run test:e2e, exit ${run.exitCode}): ${withBudget(started, 15 * 60)}`);
  const report = JSON.parse(readFileSync(join(projectRoot, "test-results", "vitest.json"), "utf8")) as {
    startTime: number;
    testResults: { name: string; endTime: number; status: string }[];
  };
  // Files run one after another, so each one's wall time (its installs in beforeAll included) is
  // the gap since the previous one ended; the first also holds the node's start.
  let previousEnd = report.startTime;
  for (const file of [...report.testResults].sort((a, b) => a.endTime - b.endTime)) {
    const path = file.name.replace(`${projectRoot}/`, "");
    console.log(`  ${path}: ${((file.endTime - previousEnd) / 1000).toFixed(0)} s, ${file.status}`);
    previousEnd = file.endTime;
  }
}

async function main(): Promise<void> {
  const helm = helmBinaries().find((binary) => binary.major === 4) ?? helmBinaries()[0];
  if (!helm) throw new Error("no helm binary: run `npm run setup`");
  const home = mkdtempSync(join(tmpdir(), "cryptoflow-bench-node-"));
  let started = Date.now();
  const node = await startNode();
  console.log(`node Ready (the whole cluster up):  ${withBudget(started, 60)}`);
  for (const line of node.readiness) console.log(`  ${line}`);
  const env = { KUBECONFIG: node.kubeconfig, HELM_CONFIG_HOME: home, HELM_CACHE_HOME: home, HELM_DATA_HOME: home };
  try {
    await execa(kubeBinary("kubectl"), ["create", "namespace", "bench"], { env });
    started = Date.now();
    await execa(helm.path, ["install", "cryptoflow", "chart", "-n", "bench", "--wait", "--timeout", "10m"], {
      cwd: projectRoot,
      env,
    });
    console.log(`default install Ready (helm ${helm.version} install --wait): ${withBudget(started, 180)}`);
    started = Date.now();
    await execa(helm.path, ["uninstall", "cryptoflow", "-n", "bench", "--wait"], { env });
    console.log(`uninstall (--wait): ${seconds(started)}`);
  } finally {
    started = Date.now();
    await node.stop();
    console.log(`node stopped and the host restored: ${seconds(started)}`);
    rmSync(home, { recursive: true, force: true });
  }
  if (process.argv.includes("--suite")) await timeSuite();
}

runMain(main);
