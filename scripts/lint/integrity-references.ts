// Every ConfigMap, Secret, ServiceAccount and PersistentVolumeClaim a pod refers to is rendered by
// the chart, or is an existing object that the values name (existingSecret,
// persistence.existingClaim, serviceAccount.name with create: false, imagePullSecrets).
import type { V1ConfigMap, V1PodSpec, V1Secret } from "@kubernetes/client-node";
import { objectName } from "../chart/helm-template.ts";
import { Tally } from "./integrity-tally.ts";
import { containersOf, type PodTemplate, podTemplates } from "./pod-templates.ts";
import type { RenderedProfile } from "./render.ts";

type ReferenceKind = "ConfigMap" | "Secret" | "ServiceAccount" | "PersistentVolumeClaim";

interface Reference {
  kind: ReferenceKind;
  name: string;
  field: string;
  key?: string;
}

/** Names the values declare as existing objects: any `existing*` key, pull secrets, an uncreated ServiceAccount. */
export function existingNames(values: unknown): Set<string> {
  const names = new Set<string>(["default"]);
  const walk = (node: unknown, key: string) => {
    if (typeof node === "string" && node && /^existing/i.test(key)) names.add(node);
    if (Array.isArray(node) && key === "imagePullSecrets") {
      for (const item of node) names.add(typeof item === "string" ? item : (item as { name: string }).name);
    }
    if (node && typeof node === "object" && !Array.isArray(node)) {
      const map = node as Record<string, unknown>;
      if (key === "serviceAccount" && map.create === false && typeof map.name === "string") names.add(map.name);
      for (const [child, value] of Object.entries(map)) walk(value, child);
    }
  };
  walk(values, "");
  return names;
}

function podReferences({ spec, specPath }: PodTemplate): Reference[] {
  const references: Reference[] = [];
  const add = (kind: ReferenceKind, name: string | undefined, field: string, optional?: boolean, key?: string) => {
    if (name && !optional) references.push({ kind, name, field: `${specPath}.${field}`, key });
  };
  add("ServiceAccount", spec.serviceAccountName, "serviceAccountName");
  for (const secret of spec.imagePullSecrets ?? []) add("Secret", secret.name, "imagePullSecrets");
  for (const volume of spec.volumes ?? []) {
    const at = `volumes[${volume.name}]`;
    add("ConfigMap", volume.configMap?.name, `${at}.configMap`, volume.configMap?.optional);
    add("Secret", volume.secret?.secretName, `${at}.secret`, volume.secret?.optional);
    add("PersistentVolumeClaim", volume.persistentVolumeClaim?.claimName, `${at}.persistentVolumeClaim`);
    for (const source of volume.projected?.sources ?? []) {
      add("ConfigMap", source.configMap?.name, `${at}.projected`, source.configMap?.optional);
      add("Secret", source.secret?.name, `${at}.projected`, source.secret?.optional);
    }
  }
  for (const { container, path } of containersOf(spec as V1PodSpec)) {
    for (const variable of container.env ?? []) {
      const at = `${path}.env[${variable.name}]`;
      const { configMapKeyRef: map, secretKeyRef: secret } = variable.valueFrom ?? {};
      add("ConfigMap", map?.name, `${at}.valueFrom.configMapKeyRef`, map?.optional, map?.key);
      add("Secret", secret?.name, `${at}.valueFrom.secretKeyRef`, secret?.optional, secret?.key);
    }
    for (const [index, source] of (container.envFrom ?? []).entries()) {
      add("ConfigMap", source.configMapRef?.name, `${path}.envFrom[${index}]`, source.configMapRef?.optional);
      add("Secret", source.secretRef?.name, `${path}.envFrom[${index}]`, source.secretRef?.optional);
    }
  }
  return references;
}

/** The keys a rendered ConfigMap or Secret holds, to check that key references resolve. */
function renderedKeys(render: RenderedProfile, kind: ReferenceKind, name: string): Set<string> | undefined {
  const object = render.objects.find((candidate) => candidate.kind === kind && candidate.metadata?.name === name);
  if (!object) return undefined;
  const holder = object as V1ConfigMap & V1Secret;
  return new Set([
    ...Object.keys(holder.data ?? {}),
    ...Object.keys(holder.stringData ?? {}),
    ...Object.keys(holder.binaryData ?? {}),
  ]);
}

export function checkReferences(render: RenderedProfile): Tally[] {
  const existing = existingNames(render.values);
  return podTemplates(render.objects).map((template) => {
    const tally = new Tally(`${objectName(template.owner)} (${render.label})`);
    for (const reference of podReferences(template)) {
      const keys = renderedKeys(render, reference.kind, reference.name);
      const rule = `missing-${reference.kind.toLowerCase()}`;
      tally.expect(
        !!keys || existing.has(reference.name),
        rule,
        reference.field,
        `${reference.kind} ${reference.name} is neither rendered nor named by the values (existing…): render it or name the existing one`,
      );
      if (keys && reference.key) {
        tally.expect(
          keys.has(reference.key),
          `missing-${reference.kind.toLowerCase()}-key`,
          reference.field,
          `${reference.kind} ${reference.name} has no key ${reference.key}: add it or mark the reference optional`,
        );
      }
    }
    return tally;
  });
}
