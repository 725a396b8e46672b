// Field-level rules: no duplicate keys in lists that server-side apply merges by key (Helm 4
// installs with it and rejects duplicates), DNS-1123 names of at most 63 characters, one object
// per kind and name (a name cut to fit must not meet another), and image references with a
// pinned tag or digest.
import type { KubernetesObject, V1Service } from "@kubernetes/client-node";
import { objectName } from "../chart/helm-template.ts";
import { Tally } from "./integrity-tally.ts";
import { containersOf, type PodTemplate, podTemplates } from "./pod-templates.ts";
import type { RenderedProfile } from "./render.ts";

const dns1123Label = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const dns1123Subdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function duplicates(keys: string[]): string[] {
  return [...new Set(keys.filter((key, index) => keys.indexOf(key) !== index))];
}

function expectUnique(tally: Tally, rule: string, field: string, keys: string[], what: string): void {
  const repeated = duplicates(keys);
  tally.expect(repeated.length === 0, rule, field, `${what} ${repeated.join(", ")} appears more than once: keep one`);
}

function checkPodDuplicates({ spec, specPath }: PodTemplate, tally: Tally): void {
  const containers = containersOf(spec);
  expectUnique(
    tally,
    "duplicate-container",
    `${specPath}.containers`,
    containers.map(({ container }) => container.name),
    "container name",
  );
  expectUnique(
    tally,
    "duplicate-volume",
    `${specPath}.volumes`,
    (spec.volumes ?? []).map((v) => v.name),
    "volume",
  );
  for (const { container, path } of containers) {
    const at = `${specPath}.${path}`;
    expectUnique(
      tally,
      "duplicate-env",
      `${at}.env`,
      (container.env ?? []).map((v) => v.name),
      "env var",
    );
    const ports = container.ports ?? [];
    const portKeys = ports.map((port) => `${port.containerPort}/${port.protocol ?? "TCP"}`);
    expectUnique(tally, "duplicate-port", `${at}.ports`, portKeys, "port");
    expectUnique(
      tally,
      "duplicate-port",
      `${at}.ports`,
      ports.flatMap((port) => port.name ?? []),
      "port name",
    );
    const mounts = (container.volumeMounts ?? []).map((mount) => mount.mountPath);
    expectUnique(tally, "duplicate-volume-mount", `${at}.volumeMounts`, mounts, "mountPath");
    for (const port of ports) {
      if (!port.name) continue;
      tally.expect(
        port.name.length <= 15 && /^[a-z0-9-]+$/.test(port.name) && /[a-z]/.test(port.name),
        "port-name",
        `${at}.ports[${port.name}].name`,
        "port names are at most 15 lowercase letters, digits and dashes (IANA_SVC_NAME)",
      );
    }
    tally.expect(
      dns1123Label.test(container.name) && container.name.length <= 63,
      "dns-1123-name",
      `${at}.name`,
      "container names are DNS-1123 labels: lowercase letters, digits and dashes, at most 63",
    );
    checkImage(container.image, `${at}.image`, tally);
  }
}

function checkImage(image: string | undefined, field: string, tally: Tally): void {
  const reference = image ?? "";
  const digest = reference.includes("@sha256:");
  const lastPart = reference.split("/").pop() ?? "";
  const tag = lastPart.includes(":") ? lastPart.split(":").pop() : undefined;
  tally.expect(
    digest || (!!tag && tag !== "latest"),
    "image-tag",
    field,
    `image "${reference}" has ${tag ? "the tag latest" : "no tag"}: pin a version tag or a digest`,
  );
}

function checkName(object: KubernetesObject, tally: Tally): void {
  const name = object.metadata?.name ?? "";
  // Services (and the pods a StatefulSet names) become DNS labels; everything else must still fit a label value.
  const pattern = object.kind === "Service" ? dns1123Label : dns1123Subdomain;
  tally.expect(
    pattern.test(name) && name.length <= 63,
    "dns-1123-name",
    "metadata.name",
    `"${name}" (${name.length} characters) is not a DNS-1123 name of at most 63 characters: shorten or truncate it (trunc 63)`,
  );
  for (const [key, value] of Object.entries(object.metadata?.labels ?? {})) {
    tally.expect(
      value.length <= 63 && /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/.test(value),
      "label-value",
      `metadata.labels.${key}`,
      `label value "${value}" is not a valid label value (at most 63 characters, alphanumeric ends)`,
    );
  }
}

function checkServicePorts(service: V1Service, tally: Tally): void {
  const ports = service.spec?.ports ?? [];
  const keys = ports.map((port) => `${port.port}/${port.protocol ?? "TCP"}`);
  expectUnique(tally, "duplicate-port", "spec.ports", keys, "Service port");
  expectUnique(
    tally,
    "duplicate-port",
    "spec.ports",
    ports.flatMap((port) => port.name ?? []),
    "Service port name",
  );
}

export function checkFields(render: RenderedProfile): Tally[] {
  const names = render.objects.map(objectName);
  const tallies = render.objects.map((object, index) => {
    const tally = new Tally(`${objectName(object)} (${render.label})`);
    checkName(object, tally);
    tally.expect(
      names.indexOf(objectName(object)) === index,
      "duplicate-object",
      "metadata.name",
      `the render already has a ${objectName(object)}: one would replace the other, or the install fails; give each its own name`,
    );
    if (object.kind === "Service") checkServicePorts(object as V1Service, tally);
    return tally;
  });
  for (const template of podTemplates(render.objects)) {
    const tally = new Tally(`${objectName(template.owner)} (${render.label})`);
    checkPodDuplicates(template, tally);
    tallies.push(tally);
  }
  return tallies;
}
