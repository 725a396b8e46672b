// `npm run bench`: how long the chart takes to generate and render, against the floor of what
// any chart costs on the same helm (a chart with one ConfigMap). Prints medians; asserts nothing.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { helmBinaries, projectRoot } from "./tools.ts";

const runs = Number(process.env.BENCH_RUNS ?? 15);

async function medianSeconds(command: string, args: string[]): Promise<number> {
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = process.hrtime.bigint();
    await execa(command, args, { cwd: projectRoot });
    times.push(Number(process.hrtime.bigint() - started) / 1e9);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

function floorChart(): string {
  const dir = mkdtempSync(join(tmpdir(), "cryptoflow-floor-"));
  mkdirSync(join(dir, "templates"));
  writeFileSync(join(dir, "Chart.yaml"), "apiVersion: v2\nname: floor\nversion: 0.1.0\n");
  writeFileSync(
    join(dir, "templates", "configmap.yaml"),
    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: floor\ndata:\n  key: value\n",
  );
  return dir;
}

async function main(): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), "cryptoflow-bench-"));
  const floor = floorChart();
  try {
    const generate = await medianSeconds("npx", ["tsx", "scripts/generate.ts", "--out", scratch]);
    console.log(`npm run generate: ${generate.toFixed(3)} s (median of ${runs})`);
    for (const helm of helmBinaries()) {
      const chart = await medianSeconds(helm.path, ["template", "cryptoflow", "chart", "--namespace", "default"]);
      const minimal = await medianSeconds(helm.path, ["template", "floor", floor]);
      console.log(
        `helm ${helm.version}: chart ${chart.toFixed(3)} s, one-ConfigMap floor ${minimal.toFixed(3)} s, ratio ${(chart / minimal).toFixed(2)} (target ≤ 1.30)`,
      );
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
    rmSync(floor, { recursive: true, force: true });
  }
}

main().catch((error: Error) => {
  console.error(`error: ${error.message}`);
  process.exit(1);
});
