// Selectors and ports that must meet something rendered: workload selectors and their pods,
// Services, PodDisruptionBudgets, HorizontalPodAutoscalers and NetworkPolicies and the workloads
// they aim at, Service targetPorts and probe ports and the container ports they name.
import type {
  KubernetesObject,
  V1Container,
  V1HorizontalPodAutoscaler,
  V1LabelSelector,
  V1NetworkPolicy,
  V1PodDisruptionBudget,
  V1Probe,
  V1Service,
} from "@kubernetes/client-node";
import { objectName } from "../chart/helm-template.ts";
import { Tally } from "./integrity-tally.ts";
import { containersOf, type PodTemplate, podTemplates } from "./pod-templates.ts";
import type { RenderedProfile } from "./render.ts";

export function selectorMatches(selector: V1LabelSelector | undefined, labels: Record<string, string>): boolean {
  if (!selector) return false;
  const plain = Object.entries(selector.matchLabels ?? {}).every(([key, value]) => labels[key] === value);
  return (
    plain &&
    (selector.matchExpressions ?? []).every(({ key, operator, values = [] }) => {
      if (operator === "In") return values.includes(labels[key]);
      if (operator === "NotIn") return !values.includes(labels[key]);
      if (operator === "Exists") return key in labels;
      return !(key in labels);
    })
  );
}

const isEmptySelector = (selector: V1LabelSelector | undefined) =>
  !!selector && !selector.matchLabels && !selector.matchExpressions;

/** A port a probe or Service names: a declared container port, by number or by name. */
function declares(containers: V1Container[], port: number | string): boolean {
  return containers.some((container) =>
    (container.ports ?? []).some((declared) =>
      typeof port === "number" ? declared.containerPort === port : declared.name === port,
    ),
  );
}

function probePort(probe: V1Probe): number | string | undefined {
  return (probe.httpGet?.port ?? probe.tcpSocket?.port ?? probe.grpc?.port) as number | string | undefined;
}

function checkWorkloadSelector(template: PodTemplate, tally: Tally): void {
  const selector = (template.owner as { spec?: { selector?: V1LabelSelector } }).spec?.selector;
  if (!["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet"].includes(template.owner.kind ?? "")) return;
  tally.expect(
    selectorMatches(selector, template.labels) && !isEmptySelector(selector),
    "workload-selector",
    "spec.selector",
    "make spec.selector.matchLabels a subset of spec.template.metadata.labels",
  );
}

function checkProbes(template: PodTemplate, tally: Tally): void {
  for (const { container, path } of containersOf(template.spec)) {
    for (const kind of ["livenessProbe", "readinessProbe", "startupProbe"] as const) {
      const probe = container[kind];
      const port = probe && probePort(probe);
      if (port === undefined) continue;
      tally.expect(
        declares([container], port),
        "probe-port",
        `${template.specPath}.${path}.${kind}`,
        `probe port ${port} is not a declared port of container ${container.name}: declare it in ports or probe a declared one`,
      );
    }
  }
}

function checkService(service: V1Service, pods: PodTemplate[], tally: Tally): void {
  const selector = service.spec?.selector;
  if (!selector) return; // A Service without selector is backed by hand-made EndpointSlices.
  const backing = pods.filter((pod) => selectorMatches({ matchLabels: selector }, pod.labels));
  tally.expect(
    backing.length > 0,
    "service-selector",
    "spec.selector",
    "no rendered pod carries these labels: use the target workload's selector labels",
  );
  if (backing.length === 0) return;
  const containers = backing.flatMap((pod) => [...(pod.spec.initContainers ?? []), ...pod.spec.containers]);
  for (const port of service.spec?.ports ?? []) {
    const target = port.targetPort ?? port.port;
    tally.expect(
      declares(containers, target as number | string),
      "service-target-port",
      `spec.ports[${port.name ?? port.port}].targetPort`,
      `targetPort ${target} is not a declared container port of ${backing.map((pod) => objectName(pod.owner)).join(", ")}: name a declared port`,
    );
  }
}

function checkSelects(rule: string, selector: V1LabelSelector | undefined, pods: PodTemplate[], tally: Tally): void {
  tally.expect(
    pods.some((pod) => selectorMatches(selector, pod.labels)),
    rule,
    rule === "networkpolicy-selector" ? "spec.podSelector" : "spec.selector",
    "no rendered pod carries these labels: use the target workload's selector labels",
  );
}

export function checkTargets(render: RenderedProfile): Tally[] {
  const tallies: Tally[] = [];
  const tallyFor = (object: KubernetesObject) => {
    const tally = new Tally(`${objectName(object)} (${render.label})`);
    tallies.push(tally);
    return tally;
  };
  const pods = podTemplates(render.objects);
  // Jobs count (hook Jobs get NetworkPolicies too); bare Pods are helm test clients: never the
  // target of a Service or a PDB, but each has a NetworkPolicy of its own.
  const workloads = pods.filter((pod) => pod.owner.kind !== "Pod");
  for (const template of pods) {
    const tally = tallyFor(template.owner);
    checkWorkloadSelector(template, tally);
    checkProbes(template, tally);
  }
  for (const object of render.objects) {
    if (object.kind === "Service") checkService(object as V1Service, workloads, tallyFor(object));
    if (object.kind === "PodDisruptionBudget") {
      checkSelects("pdb-selector", (object as V1PodDisruptionBudget).spec?.selector, workloads, tallyFor(object));
    }
    if (object.kind === "NetworkPolicy") {
      checkSelects("networkpolicy-selector", (object as V1NetworkPolicy).spec?.podSelector, pods, tallyFor(object));
    }
    if (object.kind === "HorizontalPodAutoscaler") {
      const target = (object as V1HorizontalPodAutoscaler).spec?.scaleTargetRef;
      tallyFor(object).expect(
        workloads.some((pod) => pod.owner.kind === target?.kind && pod.owner.metadata?.name === target?.name),
        "hpa-target",
        "spec.scaleTargetRef",
        `${target?.kind}/${target?.name} is not rendered: name a rendered workload`,
      );
    }
  }
  return tallies;
}
