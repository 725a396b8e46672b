// How tests decide that an error message names a values key, whichever helm wrote it.

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Whether an error message names the values key `key` (a dotted path such as
 * `postgres.persistence.enabled`) as a whole path, in one of the three ways helm reports keys:
 *
 * - the schema validators' JSON pointer, quoted: `at '/api/replicaCount': got string, want integer`;
 * - an unknown key as its parent's quoted pointer and the quoted name:
 *   `at '/postgres/persistence': additional properties 'enable' not allowed` (the root is `''`);
 * - our template checks' dotted path, bounded on both sides so that it is not part of a longer
 *   path or name: `postgres.persistence.enable` is not named by `postgres.persistence.enabled`.
 *   A one-segment key must be quoted there (`"profile"` or `` `profile` ``; single quotes are the
 *   validators' quoting of values and listed names): a bare word in a sentence is prose, not a key; and a
 *   path inside a file name (`/tmp/not-yaml.yaml`) is not a key. A list index may be written
 *   in brackets there: `extraObjects[2]` names `extraObjects.2`.
 */
export function namesKey(message: string, key: string): boolean {
  const segments = key.split(".").map(escapeRegExp);
  const pointer = new RegExp(`'/${segments.join("/")}'`);
  const parent = segments.length > 1 ? `/${segments.slice(0, -1).join("/")}` : "";
  const leaf = segments[segments.length - 1];
  const unknownKey = new RegExp(`at '${parent}': additional properties (?:'[^'\\n]*', )*'${leaf}'[^\\n]* not allowed`);
  const dotted =
    segments.length > 1
      ? new RegExp(`(?:^|[^\\w./-])${segments.join("\\.")}(?:$|[^\\w.-]|\\.(?!\\w))`, "m")
      : new RegExp(`(["\`])${leaf}\\1`);
  // A list index written the way our template checks write it: `extraObjects[2]`, `api.sidecars[0].image`.
  const indexed = segments.some((segment) => /^\d+$/.test(segment))
    ? new RegExp(
        `(?:^|[^\\w./-])${segments.map((segment, at) => (/^\d+$/.test(segment) ? `\\[${segment}\\]` : `${at ? "\\." : ""}${segment}`)).join("")}(?:$|[^\\w.-]|\\.(?!\\w))`,
        "m",
      )
    : undefined;
  return pointer.test(message) || unknownKey.test(message) || dotted.test(message) || !!indexed?.test(message);
}
