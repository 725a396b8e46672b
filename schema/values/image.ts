// Container images and the Secrets that pull them.
import { Type } from "@sinclair/typebox";
import * as pattern from "../patterns.ts";
import { oneOf, strict, text } from "./builders.ts";
import { shared } from "./shared.ts";

export const pullPolicies = ["Always", "IfNotPresent", "Never"] as const;

/**
 * Pull secrets in both forms people write: a Secret's name, or the pod spec's own `{name: …}`
 * (what Kubernetes and most charts take). Both are refused when the name is not a Secret name.
 */
export const pullSecrets = (description: string) =>
  shared(
    "imagePullSecrets",
    Type.Array(
      Type.Union(
        [
          Type.String({ pattern: pattern.dnsSubdomain, maxLength: 253 }),
          strict("a reference to a Secret", {
            name: Type.String({ description: "the Secret's name", pattern: pattern.dnsSubdomain, maxLength: 253 }),
          }),
        ],
        { description: "a Secret name, or {name: <Secret name>}" },
      ),
      { description, default: [] },
    ),
  );

export function image(
  description: string,
  defaults: { registry: string; repository: string; tag: string; pullPolicy: string },
) {
  const inherits = defaults.repository === "";
  // Three kinds, told apart by their defaults: an application component's override of the shared
  // image (all empty), an image pinned by tag, and the shared application image itself.
  const kind = inherits ? "imageOverride" : defaults.tag ? "image" : "applicationImage";
  return shared(
    kind,
    strict(description, {
      registry: text(
        inherits ? "image registry (empty: image.registry)" : "image registry host",
        defaults.registry,
        pattern.imageRegistry,
      ),
      repository: text(
        inherits ? "image repository (empty: image.repository)" : "image repository",
        defaults.repository,
        `^$|${pattern.imageRepository}`,
      ),
      tag: Type.String({
        description: inherits
          ? "image tag (empty: image.tag, then the chart's appVersion)"
          : defaults.tag
            ? "image tag (pinned)"
            : "image tag (empty: the chart's appVersion)",
        default: defaults.tag,
        pattern: pattern.imageTag,
        maxLength: 128,
      }),
      digest: Type.Union(
        [Type.Literal(""), Type.String({ pattern: pattern.imageDigest, minLength: 71, maxLength: 71 })],
        { description: "image digest, sha256: and 64 hex digits; wins over the tag when set", default: "" },
      ),
      pullPolicy: inherits
        ? Type.Unsafe<string>({
            type: "string",
            enum: ["", ...pullPolicies],
            description: "image pull policy (empty: image.pullPolicy)",
            default: "",
          })
        : oneOf("image pull policy", pullPolicies, "IfNotPresent"),
    }),
  );
}
