// How tests decide that an error message names a values key, whichever helm wrote it.

/**
 * Whether an error message names a values key. Helm's schema validators write a key as a JSON
 * pointer (`/api/replicaCount`), and an unknown key as its parent plus the offending name; our
 * template checks write `api.replicaCount`.
 */
export function namesKey(message: string, key: string): boolean {
  const parts = key.split(".");
  const pointer = `/${parts.join("/")}`;
  const parent = parts.length > 1 ? `/${parts.slice(0, -1).join("/")}` : "";
  const leaf = parts[parts.length - 1];
  return (
    message.includes(key) ||
    message.includes(pointer) ||
    (message.includes(`'${parent}'`) && new RegExp(`\\b${leaf}\\b`).test(message)) ||
    (parent === "" && new RegExp(`additional propert[^\\n]*\\b${leaf}\\b`).test(message))
  );
}
