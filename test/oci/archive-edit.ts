// A chart archive changed after packaging, as an attacker or a stale build would leave it, or
// merely repacked: the same files in different bytes, so a different digest.
import { constants, gunzipSync, gzipSync } from "node:zlib";

/** The same archive with values.yaml's `prefixWithReleaseName: false` turned true (same length, so the tar stays valid). */
export function tamper(archive: Buffer): Buffer {
  const tar = gunzipSync(archive);
  const at = tar.indexOf("\nprefixWithReleaseName: false\n");
  if (at < 0) throw new Error("values.yaml has no `prefixWithReleaseName: false` line to tamper with");
  tar.write("\nprefixWithReleaseName: true \n", at);
  return gzipSync(tar);
}

/** The same tar compressed at another level: files unchanged (publish accepts it), bytes and digest not. */
export function recompress(archive: Buffer): Buffer {
  return gzipSync(gunzipSync(archive), { level: constants.Z_BEST_SPEED });
}
