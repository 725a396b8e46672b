// A chart archive changed after packaging, as an attacker or a stale build would leave it.
import { gunzipSync, gzipSync } from "node:zlib";

/** The same archive with values.yaml's `logLevel: INFO` turned into WARN (same length, so the tar stays valid). */
export function tamper(archive: Buffer): Buffer {
  const tar = gunzipSync(archive);
  const at = tar.indexOf("logLevel: INFO");
  if (at < 0) throw new Error("values.yaml has no `logLevel: INFO` line to tamper with");
  tar.write("logLevel: WARN", at);
  return gzipSync(tar);
}
