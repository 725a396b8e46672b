// How the release's objects are named and labelled, and the extra objects rendered with them.
import { Type } from "@sinclair/typebox";
import * as pattern from "../patterns.ts";
import { flag, labelValue } from "./builders.ts";

/** The chart's own label keys: selectors and NetworkPolicies depend on them, so commonLabels may not set them. */
export const chartLabelKeys = [
  "app.kubernetes.io/name",
  "app.kubernetes.io/instance",
  "app.kubernetes.io/component",
  "app.kubernetes.io/version",
  "app.kubernetes.io/part-of",
  "app.kubernetes.io/managed-by",
  "helm.sh/chart",
  "cryptoflow.io/network-identity",
  "cryptoflow.io/test",
] as const;

export const objectValues = {
  nameOverride: Type.String({
    description:
      "replaces the chart's name (cryptoflow, or a parent's alias) in the app.kubernetes.io/name label and in the shared objects' names (<name>-config, <name>-secrets, the ServiceAccount) when nothing prefixes them; set it at install: selectors cannot change later",
    default: "",
    pattern: `^$|${pattern.dnsLabel}`,
    maxLength: 63,
  }),
  fullnameOverride: Type.String({
    description:
      "prefix every object's name with this, whatever prefixWithReleaseName says: <fullnameOverride>-<component>, <fullnameOverride>-config, <fullnameOverride>-secrets, the ServiceAccount <fullnameOverride> (a DNS label of at most 53 characters, Helm's limit for a release name, so every suffix fits; the application still dials `chroma` itself)",
    default: "",
    pattern: `^$|${pattern.dnsLabel}`,
    maxLength: 53,
  }),
  commonLabels: Type.Record(Type.String({ pattern: pattern.qualifiedName }), labelValue, {
    description: `labels added to every object the chart renders (hooks, helm test pods and extraObjects included; an extraObject's own labels win) and to every pod template, never to selectors; the chart's own keys (${chartLabelKeys.join(", ")}) are refused`,
    default: {},
    additionalProperties: false,
  }),
  commonAnnotations: Type.Record(Type.String({ pattern: pattern.qualifiedName }), Type.String(), {
    description:
      "annotations added to every object the chart renders (hooks, helm test pods and extraObjects included; an object's own annotations win), not to pod templates: pods take podAnnotations",
    default: {},
    additionalProperties: false,
  }),
  extraObjects: Type.Array(
    Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.String({ minLength: 1 })], {
      description: "a Kubernetes object, as a map or as YAML text",
    }),
    {
      description:
        "more objects to render with the release, each a map or YAML text, templated with tpl first (`{{ .Release.Name }}`, `{{ .Values.… }}` and the chart's named templates work); each must render to one object with apiVersion, kind and metadata.name",
      default: [],
    },
  ),
  prefixWithReleaseName: flag(
    "name every object <release>-<component> so two releases can share a namespace (the application still dials `chroma` itself)",
    false,
  ),
};
