// `npm run bench`: how long the chart takes to generate and render, against the floor of what
// any chart costs on the same helm (a chart with one ConfigMap). Prints figures; asserts nothing.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { runMain } from "./entry.ts";
import { projectRoot } from "./project-root.ts";
import { helmBinaries } from "./tools.ts";

const runs = Number(process.env.BENCH_RUNS ?? 15);

/** CPU seconds (user + system) the finished children of this process have used, from /proc (Linux). */
function childrenCpuSeconds(): number {
  const fields = readFileSync("/proc/self/stat", "utf8").split(") ")[1].split(" ");
  // cutime and cstime are fields 16 and 17 of stat(5), in clock ticks of 1/100 s.
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

interface Timing {
  /** Median wall-clock seconds of one run. */
  wall: number;
  /** Mean CPU seconds of one run: steadier than wall time on a busy machine. */
  cpu: number;
}

async function measure(command: string, args: string[]): Promise<Timing> {
  const times: number[] = [];
  const cpuBefore = childrenCpuSeconds();
  for (let run = 0; run < runs; run++) {
    const started = process.hrtime.bigint();
    await execa(command, args, { cwd: projectRoot });
    times.push(Number(process.hrtime.bigint() - started) / 1e9);
  }
  times.sort((a, b) => a - b);
  return { wall: times[Math.floor(times.length / 2)], cpu: (childrenCpuSeconds() - cpuBefore) / runs };
}

const shown = (timing: Timing) => `${timing.wall.toFixed(3)} s wall, ${timing.cpu.toFixed(3)} s CPU`;

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
    const generate = await measure("npx", ["tsx", "scripts/generate.ts", "--out", scratch]);
    console.log(`npm run generate: ${shown(generate)} (${runs} runs)`);
    for (const helm of helmBinaries()) {
      const chart = await measure(helm.path, ["template", "cryptoflow", "chart", "--namespace", "default"]);
      const minimal = await measure(helm.path, ["template", "floor", floor]);
      console.log(`helm ${helm.version}: chart ${shown(chart)}; one-ConfigMap floor ${shown(minimal)}`);
      console.log(
        `helm ${helm.version}: ratio ${(chart.wall / minimal.wall).toFixed(2)} wall, ${(chart.cpu / minimal.cpu).toFixed(2)} CPU (target ≤ 1.30)`,
      );
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
    rmSync(floor, { recursive: true, force: true });
  }
}

runMain(main);
