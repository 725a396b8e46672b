// How tests run helm: `helm template` (scripts/chart/helm-template.ts) with the given values, each
// distinct render once per test process and shared, and what tests read from a render.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type {
  KubernetesObject,
  V1ConfigMap,
  V1Container,
  V1Deployment,
  V1Job,
  V1PodSpec,
  V1Secret,
  V1Service,
} from "@kubernetes/client-node";
import { execa } from "execa";
import { stringify } from "yaml";
import { helmTemplate, type Rendered, type RenderOptions, templateArgs } from "../scripts/chart/helm-template.ts";
import { type HelmBinary, helmBinaries } from "../scripts/tools.ts";

export const helms: HelmBinary[] = helmBinaries();

/**
 * Values files written from objects, in a scratch folder of their own; `remove` deletes it
 * (call it from afterAll). Every string, keys included, is quoted: Helm reads YAML 1.1, where a
 * plain `9.e8__` would be a number and a plain `yes` a boolean.
 */
export function valuesFiles(prefix: string) {
  const dir = mkdtempSync(join(tmpdir(), `cryptoflow-${prefix}-`));
  let written = 0;
  return {
    write(values: object): string {
      const file = join(dir, `values-${written++}.yaml`);
      writeFileSync(file, stringify(values, { defaultStringType: "QUOTE_DOUBLE", lineWidth: 0 }));
      return file;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

const cache = new Map<string, Promise<Rendered>>();

/** Renders the chart (scripts/chart/helm-template.ts), once per helm and options in this test process. */
export function render(helm: HelmBinary, options: RenderOptions = {}): Promise<Rendered> {
  const key = JSON.stringify([helm.path, templateArgs(options)]);
  let rendered = cache.get(key);
  if (!rendered) {
    rendered = helmTemplate(helm, options);
    cache.set(key, rendered);
  }
  return rendered;
}

/** Runs a helm command that must fail; returns what it printed, so tests can check the message and that nothing rendered. */
export async function helmFailure(helm: HelmBinary, args: string[]): Promise<{ stdout: string; stderr: string }> {
  const result = await execa(helm.path, args, { reject: false });
  if (result.exitCode === 0) throw new Error(`helm ${args.join(" ")} succeeded, but it should have failed`);
  return { stdout: String(result.stdout), stderr: String(result.stderr) };
}

export function ofKind<T extends KubernetesObject>(rendered: Rendered, kind: string): T[] {
  return rendered.objects.filter((object) => object.kind === kind) as T[];
}

export function named<T extends KubernetesObject>(rendered: Rendered, kind: string, name: string): T {
  const found = ofKind<T>(rendered, kind).find((object) => object.metadata?.name === name);
  if (!found) throw new Error(`no ${kind} named ${name} in the render`);
  return found;
}

export const deployments = (rendered: Rendered) => ofKind<V1Deployment>(rendered, "Deployment");
export const services = (rendered: Rendered) => ofKind<V1Service>(rendered, "Service");

/** Every pod template of the render: Deployments, StatefulSets, Jobs and bare Pods (helm test hooks). */
export function podSpecs(rendered: Rendered): { owner: string; spec: V1PodSpec }[] {
  return rendered.objects.flatMap((object) => {
    const name = `${object.kind}/${object.metadata?.name}`;
    if (object.kind === "Pod") return [{ owner: name, spec: (object as { spec: V1PodSpec }).spec }];
    const template = (object as V1Deployment | V1Job).spec?.template?.spec;
    return template ? [{ owner: name, spec: template }] : [];
  });
}

export function allContainers(spec: V1PodSpec): V1Container[] {
  return [...(spec.initContainers ?? []), ...spec.containers];
}

/**
 * The environment a container would see, with ConfigMap and Secret references resolved against
 * the same render (Secret data decoded). References the render cannot resolve are left out.
 */
export function resolvedEnv(rendered: Rendered, container: V1Container): Record<string, string> {
  const env: Record<string, string> = {};
  for (const variable of container.env ?? []) {
    if (variable.value !== undefined) env[variable.name] = variable.value;
    const configRef = variable.valueFrom?.configMapKeyRef;
    if (configRef) {
      const value = ofKind<V1ConfigMap>(rendered, "ConfigMap").find((map) => map.metadata?.name === configRef.name)
        ?.data?.[configRef.key];
      if (value !== undefined) env[variable.name] = value;
    }
    const secretRef = variable.valueFrom?.secretKeyRef;
    if (secretRef) {
      const value = ofKind<V1Secret>(rendered, "Secret").find((secret) => secret.metadata?.name === secretRef.name)
        ?.data?.[secretRef.key];
      if (value !== undefined) env[variable.name] = Buffer.from(value, "base64").toString("utf8");
    }
  }
  return env;
}

/**
 * A container's command split where cryptoflow.withUrlPasswords ends (at its `--`): the step that
 * puts the passwords into the URLs, and the program it then runs. Without the step, `step` is empty.
 */
export function splitAtUrlPasswordStep(command: string[] = []): { step: string[]; program: string[] } {
  const end = command.indexOf("--") + 1;
  return { step: command.slice(0, end), program: command.slice(end) };
}

/**
 * The environment the application's process sees: the container's, after its start command
 * (cryptoflow.withUrlPasswords) has put the passwords into the URLs. Runs that very script from
 * the render with python3, in place of the application.
 */
export function applicationEnv(rendered: Rendered, container: V1Container): Record<string, string> {
  const given = resolvedEnv(rendered, container);
  const { step } = splitAtUrlPasswordStep(container.command);
  if (step[0] !== "python" || step[1] !== "-c") return given;
  const printEnv = "import json, os; print(json.dumps(dict(os.environ)))";
  const output = execFileSync("python3", [...step.slice(1), "python3", "-c", printEnv], {
    env: { ...given, PATH: process.env.PATH },
    encoding: "utf8",
  });
  const seen: Record<string, string> = JSON.parse(output);
  return Object.fromEntries(Object.keys(given).flatMap((name) => (name in seen ? [[name, seen[name]]] : [])));
}

export function container(deployment: V1Deployment, name?: string): V1Container {
  const containers = deployment.spec?.template.spec?.containers ?? [];
  const found = name ? containers.find((candidate) => candidate.name === name) : containers[0];
  if (!found) throw new Error(`${deployment.metadata?.name} has no container ${name ?? ""}`);
  return found;
}
