// Where `npm run package` puts the chart archive and what it is called: one place, so package,
// publish and the tests agree on `dist/<name>-<version>.tgz` (+ `.prov` when signed).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { chartDir } from "../chart/folder.ts";
import { projectRoot } from "../project-root.ts";

export const defaultDestination = join(projectRoot, "dist");

export interface ChartIdentity {
  name: string;
  version: string;
}

/** Name and version from a chart folder's Chart.yaml: what `helm package` names the archive by. */
export function chartIdentity(dir: string = chartDir): ChartIdentity {
  const chart = parse(readFileSync(join(dir, "Chart.yaml"), "utf8")) as Partial<ChartIdentity>;
  if (!chart.name || !chart.version) throw new Error(`${join(dir, "Chart.yaml")} has no name or version`);
  return { name: chart.name, version: String(chart.version) };
}

export function archivePath(destination: string, chart: ChartIdentity): string {
  return join(destination, `${chart.name}-${chart.version}.tgz`);
}

/** Helm writes the signature next to the archive and `helm push` picks it up from there. */
export function provenancePath(archive: string): string {
  return `${archive}.prov`;
}
