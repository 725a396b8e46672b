// What is inside a packaged chart, compared with chart/: publish refuses an archive made before
// chart/ last changed, since a pushed version can never be corrected.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { gunzipSync } from "node:zlib";
import { parse } from "yaml";

/** Regular files of a .tgz, by path. Enough of tar for what `helm package` writes (ustar, PAX paths). */
export function archiveFiles(archive: Buffer): Map<string, Buffer> {
  const tar = gunzipSync(archive);
  const files = new Map<string, Buffer>();
  let paxPath: string | undefined;
  for (let offset = 0; offset + 512 <= tar.length; ) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) break;
    const text = (start: number, length: number) =>
      header.toString("utf8", start, start + length).replace(/\0.*$/s, "");
    const size = Number.parseInt(text(124, 12).trim() || "0", 8);
    const type = text(156, 1) || "0";
    const prefix = text(345, 155);
    const body = tar.subarray(offset + 512, offset + 512 + size);
    if (type === "x") {
      paxPath = body.toString("utf8").match(/^\d+ path=(.*)$/m)?.[1];
    } else {
      if (type === "0") files.set(paxPath ?? (prefix ? `${prefix}/${text(0, 100)}` : text(0, 100)), body);
      paxPath = undefined;
    }
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}

function filesUnder(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[]).filter((path) => statSync(join(dir, path)).isFile());
}

/** Paths that differ between the archive and the chart folder (Chart.yaml by meaning: helm rewrites it). */
export function archiveDrift(archivePath: string, chartDir: string, chartName: string): string[] {
  const packed = new Map(
    [...archiveFiles(readFileSync(archivePath))].map(([path, body]) => [path.replace(`${chartName}/`, ""), body]),
  );
  const paths = new Set([...packed.keys(), ...filesUnder(chartDir)]);
  return [...paths]
    .filter((path) => {
      const local = join(chartDir, path);
      const inArchive = packed.get(path);
      if (!inArchive || !existsSync(local)) return true;
      if (path === "Chart.yaml")
        return !isDeepStrictEqual(parse(inArchive.toString()), parse(readFileSync(local, "utf8")));
      return !inArchive.equals(readFileSync(local));
    })
    .sort();
}
