// Shapes Kubernetes and the container runtime enforce later, checked in values.schema.json first.
// All patterns are RE2-compatible (Helm validates in Go): no look-arounds, no back-references.
// No bounded repeats either (`{0,127}`): Go compiles each into that many instructions, which made
// schema validation the slowest part of a render; lengths are checked with maxLength instead.

export const dnsLabel = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";
export const dnsSubdomain = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";
export const imageRegistry = "^([A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:[0-9]+)?(/[a-z0-9._-]+)*)?$";
export const imageRepository = "^[a-z0-9]+([._-]+[a-z0-9]+)*(/[a-z0-9]+([._-]+[a-z0-9]+)*)*$";
/** With maxLength 128. */
export const imageTag = "^([A-Za-z0-9_][A-Za-z0-9_.-]*)?$";
/** With a length of 71 (sha256: and 64 hex digits). */
export const imageDigest = "^sha256:[a-f0-9]+$";
export const quantity = "^[+]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+|Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E)?$";
/** An IPv4 or IPv6 address block such as 10.0.0.0/8 or fd00::/8. */
export const cidr = "^[0-9a-fA-F:.]+/[0-9]+$";
/** A database name SQLAlchemy reads back as written: it does not URL-decode the database part. */
export const databaseName = "^[A-Za-z0-9_][A-Za-z0-9_.-]*$";
/** A label or annotation key: an optional DNS-subdomain prefix, a slash, and a name. */
export const qualifiedName =
  "^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$";
/** A label value, with maxLength 63: empty, or alphanumeric at both ends. */
export const labelValue = "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$";
