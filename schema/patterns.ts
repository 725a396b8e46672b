// Shapes Kubernetes and the container runtime enforce later, checked in values.schema.json first.
// All patterns are RE2-compatible (Helm validates in Go): no look-arounds, no back-references.

export const dnsLabel = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";
export const dnsSubdomain = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";
export const imageRegistry = "^([A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:[0-9]{1,5})?(/[a-z0-9._-]+)*)?$";
export const imageRepository = "^[a-z0-9]+([._-]+[a-z0-9]+)*(/[a-z0-9]+([._-]+[a-z0-9]+)*)*$";
export const imageTag = "^([A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?$";
export const imageDigest = "^(sha256:[a-f0-9]{64})?$";
export const quantity = "^[+]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+|Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E)?$";
