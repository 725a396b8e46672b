// What changed for users, per chart version, newest first. The generator writes chart/CHANGELOG.md
// from it and puts the current version's entries in Chart.yaml's `artifacthub.io/changes`; it
// refuses to generate a chart whose version has no entry here, so a bump always says why.
// Kinds are Artifact Hub's: added, changed, deprecated, removed, fixed, security.

export type ChangeKind = "added" | "changed" | "deprecated" | "removed" | "fixed" | "security";

export interface ChangelogEntry {
  version: string;
  date: string;
  changes: { kind: ChangeKind; description: string }[];
  /** What someone upgrading from the previous version must know or do; omitted when nothing. */
  upgrading?: string;
}

export const changelog: ChangelogEntry[] = [
  {
    version: "0.8.1",
    date: "2026-11-29",
    changes: [
      {
        kind: "changed",
        description:
          "values.schema.json defines each repeated block once (probes, resources, images, autoscaling, topology spread, NetworkPolicy…) and refers to it, so Helm validates values in about half the time; it accepts and refuses exactly what 0.8.0 did",
      },
      {
        kind: "changed",
        description:
          "the templates read like a hand-written chart: a named helper per endpoint and per connection URL, env entries written from typed data, no line over 160 characters; every rendered object is the same as in 0.8.0",
      },
    ],
    upgrading:
      "Nothing to do: an upgrade from 0.8.0 renders the same objects. A bad value inside a shared block is reported with one more line above it (`at '/api/livenessProbe': 'allOf' failed`); the line naming the key and what is allowed follows as before.",
  },
  {
    version: "0.8.0",
    date: "2026-11-29",
    changes: [
      {
        kind: "changed",
        description:
          "the application image defaults to ghcr.io/cryptoflow-chart/cryptoflow:<appVersion>, which the release workflow builds from the application's source and publishes beside the chart",
      },
      {
        kind: "added",
        description:
          "Artifact Hub metadata: home, sources, icon, license, links, the provenance signing key, and every image a default install pulls (the helm test image too)",
      },
      {
        kind: "added",
        description:
          "values.yaml and every profile start with a yaml-language-server modeline, so editors check them against values.schema.json",
      },
      { kind: "added", description: "ci/ci-values.yaml, the values chart-testing (ct lint, ct install) uses" },
      {
        kind: "added",
        description:
          "the README installs from oci:// and shows how to verify a release's cosign signature and Helm provenance",
      },
    ],
    upgrading:
      "Pods of the application components restart once, because their image reference now names its registry. Releases that set image.repository (a local build such as `cryptoflow`) should also set image.registry to an empty string or to their registry.",
  },
  {
    version: "0.7.1",
    date: "2026-11-29",
    changes: [
      {
        kind: "fixed",
        description:
          "the README's GitOps section: Flux installs with Helm itself (lookups and hooks work); Argo CD renders",
      },
    ],
  },
  {
    version: "0.7.0",
    date: "2026-11-28",
    changes: [
      {
        kind: "added",
        description:
          "migrations.mode: helmHook (the default, unchanged), argoCD (a Sync hook between sync waves, no helm.sh/hook for Argo CD to map to PreSync) or plain (no hooks)",
      },
      {
        kind: "added",
        description:
          "with migrations.mode=plain the Job is named after a hash of its spec, and mcp and order-service wait in a wait-for-schema init container until the database is at Alembic's head (migrations.schemaWaitSeconds)",
      },
      { kind: "added", description: "NOTES says which migrations mode is in use and how to follow it" },
      {
        kind: "added",
        description:
          "escape hatches, global and per component: extraEnvFrom, extraVolumes, extraVolumeMounts, initContainers, sidecars and priorityClassName (global's entries first)",
      },
      {
        kind: "added",
        description: "commonLabels and commonAnnotations on every object the chart renders, never in selectors",
      },
      {
        kind: "added",
        description:
          "extraObjects, rendered with tpl; an entry that is not one Kubernetes object stops the render, naming it",
      },
      {
        kind: "added",
        description:
          "an addition whose container or volume name, or mount path, is already taken in the pod is refused, naming the entry",
      },
    ],
    upgrading:
      "Nothing changes unless you set the new keys. migrations.mode=argoCD is for Argo CD only: under helm upgrade its Job is an ordinary object whose pod template cannot change.",
  },
  {
    version: "0.6.0",
    date: "2026-11-28",
    changes: [
      {
        kind: "changed",
        description:
          "no manifest holds a password: the ConfigMap's connection URLs name the Secret key where it goes, and each pod fills it in from the Secret, URL-encoded",
      },
      {
        kind: "changed",
        description:
          "existingSecret needs only POSTGRES_PASSWORD, REDIS_PASSWORD and RABBITMQ_PASSWORD (and the optional AI keys)",
      },
      {
        kind: "added",
        description: "an existingSecret that lacks a password is refused at install or upgrade, naming the key",
      },
      {
        kind: "added",
        description: "the README's GitOps section: Argo CD and Flux with existingSecret; renders are byte-identical",
      },
    ],
    upgrading:
      "Pods restart once (their start command changes). The chart's Secret keeps its passwords and drops the four URL keys; an existingSecret may keep them, but they are no longer read.",
  },
  {
    version: "0.5.1",
    date: "2026-11-28",
    changes: [{ kind: "added", description: "CHANGELOG.md and Artifact Hub's change list, from one typed changelog" }],
  },
  {
    version: "0.5.0",
    date: "2026-11-28",
    changes: [
      { kind: "added", description: "enabled at the root, for a parent chart's condition: cryptoflow.enabled" },
      { kind: "added", description: "nameOverride and fullnameOverride (a DNS label of at most 53 characters)" },
      { kind: "added", description: "imagePullSecrets, global and per component, as names or {name:} objects" },
      {
        kind: "fixed",
        description: "long release names with prefixWithReleaseName are shortened in the prefix, not cut at the end",
      },
    ],
    upgrading:
      "Object names are unchanged unless the release name is longer than about 45 characters and prefixWithReleaseName is on; an upgrade that changes nameOverride is refused, because selectors cannot change.",
  },
  {
    version: "0.4.3",
    date: "2026-11-28",
    changes: [
      {
        kind: "fixed",
        description: "helm test retries each connection for up to 50 s while the network plugin programs its policies",
      },
    ],
  },
  {
    version: "0.4.2",
    date: "2026-11-28",
    changes: [
      { kind: "fixed", description: "helm test no longer looks up the postgres Service with a managed database" },
    ],
  },
  {
    version: "0.4.1",
    date: "2026-11-28",
    changes: [{ kind: "added", description: "the chart README documents the upgrade refusals and their limits" }],
  },
  {
    version: "0.4.0",
    date: "2026-11-28",
    changes: [
      {
        kind: "added",
        description:
          "upgrades that would lose a datastore's data are refused before anything changes: persistence turned off, the workload switched, a volume shrunk or grown beyond its StorageClass, a claim's immutable fields changed",
      },
    ],
  },
];
