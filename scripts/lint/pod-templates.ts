// Every pod template in a render, wherever its kind keeps it: workloads, Jobs (hooks included),
// CronJobs and bare Pods (helm test hooks).
import type { KubernetesObject, V1Container, V1ObjectMeta, V1PodSpec } from "@kubernetes/client-node";

export interface PodTemplate {
  owner: KubernetesObject;
  /** Where the pod spec sits in the owner, for finding fields: `spec.template.spec`. */
  specPath: string;
  spec: V1PodSpec;
  labels: Record<string, string>;
}

interface WithTemplate {
  spec?: {
    template?: { metadata?: V1ObjectMeta; spec?: V1PodSpec };
    jobTemplate?: { spec?: { template?: { metadata?: V1ObjectMeta; spec?: V1PodSpec } } };
  };
}

export function podTemplates(objects: KubernetesObject[]): PodTemplate[] {
  return objects.flatMap((owner): PodTemplate[] => {
    if (owner.kind === "Pod") {
      const spec = (owner as { spec?: V1PodSpec }).spec;
      return spec ? [{ owner, specPath: "spec", spec, labels: owner.metadata?.labels ?? {} }] : [];
    }
    const { spec } = owner as WithTemplate;
    const cron = spec?.jobTemplate?.spec?.template;
    const template = cron ?? spec?.template;
    if (!template?.spec) return [];
    const specPath = cron ? "spec.jobTemplate.spec.template.spec" : "spec.template.spec";
    return [{ owner, specPath, spec: template.spec, labels: template.metadata?.labels ?? {} }];
  });
}

export interface ContainerAt {
  container: V1Container;
  /** `containers[api]` or `initContainers[wait-for-db]`: names, not indexes, so findings read well. */
  path: string;
}

export function containersOf(spec: V1PodSpec): ContainerAt[] {
  return [
    ...(spec.initContainers ?? []).map((container) => ({ container, path: `initContainers[${container.name}]` })),
    ...spec.containers.map((container) => ({ container, path: `containers[${container.name}]` })),
    ...(spec.ephemeralContainers ?? []).map((container) => ({
      container: container as V1Container,
      path: `ephemeralContainers[${container.name}]`,
    })),
  ];
}
