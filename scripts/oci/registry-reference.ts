// `oci://HOST[:PORT]/PATH` as publish, sign and verify-signature take it: the reference without a
// trailing slash, and the registry host that logins and error messages name.
export interface OciReference {
  /** oci://HOST[:PORT]/PATH, no trailing slash. */
  reference: string;
  /** HOST[:PORT] */
  registry: string;
  /** HOST[:PORT]/PATH: how cosign names a repository (no scheme). */
  repository: string;
}

export function parseReference(reference: string | undefined, usage: string): OciReference {
  const match = reference?.match(/^oci:\/\/([^/\s]+)(\/[^\s]*[^/\s])?\/?$/);
  if (!reference || !match) throw new Error(`expected an oci:// reference; ${usage}`);
  const trimmed = reference.replace(/\/$/, "");
  return { reference: trimmed, registry: match[1], repository: trimmed.slice("oci://".length) };
}
