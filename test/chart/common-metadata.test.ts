// commonLabels and commonAnnotations: on every object of every shipped profile (hooks and helm
// test pods included), labels on every pod template too, never in a selector; an object's own
// labels and annotations win. extraObjects: templated with tpl, given the common metadata, and
// one that does not render to an object fails the whole render, naming its index.
import type { KubernetesObject, V1ObjectMeta, V1PodSpec } from "@kubernetes/client-node";
import { afterAll, describe, expect, it } from "vitest";
import { chartProfiles, profileValues } from "../../scripts/chart/folder.ts";
import { type Rendered, templateArgs } from "../../scripts/chart/helm-template.ts";
import { helmFailure, helms, named, render, valuesFiles } from "../render.ts";

const files = valuesFiles("common-metadata");
afterAll(files.remove);

const commonLabels = { team: "platform", "example.com/cost-center": "42" };
const commonAnnotations = { "example.com/owner": "platform-team" };

/** Every pod template's metadata in the render, by owner. */
function podTemplateMetadata(rendered: Rendered): { owner: string; metadata: V1ObjectMeta }[] {
  return rendered.objects.flatMap((object) => {
    const template = (object as { spec?: { template?: { metadata?: V1ObjectMeta; spec?: V1PodSpec } } }).spec?.template;
    return template?.metadata
      ? [{ owner: `${object.kind}/${object.metadata?.name}`, metadata: template.metadata }]
      : [];
  });
}

/** Every label selector in the render: Services', workloads', PDBs', NetworkPolicies' (their peers too). */
function selectors(rendered: Rendered): { at: string; labels: Record<string, string> }[] {
  const found: { at: string; labels: Record<string, string> }[] = [];
  const walk = (node: unknown, at: string): void => {
    if (!node || typeof node !== "object") return;
    for (const [key, child] of Object.entries(node)) {
      if (key === "matchLabels") found.push({ at: `${at}.${key}`, labels: child as Record<string, string> });
      walk(child, `${at}.${key}`);
    }
  };
  for (const object of rendered.objects) {
    const spec = (object as { spec?: { selector?: Record<string, string> } }).spec;
    const at = `${object.kind}/${object.metadata?.name} spec`;
    if (object.kind === "Service") found.push({ at: `${at}.selector`, labels: spec?.selector ?? {} });
    walk(spec, at);
  }
  return found;
}

describe.each(helms)("commonLabels and commonAnnotations with helm $version", (helm) => {
  it.each(chartProfiles())(
    "are on every object of the $name profile, labels on pod templates, none in selectors",
    async (profile) => {
      const common = files.write({ commonLabels, commonAnnotations });
      const rendered = await render(helm, { values: [...profileValues(profile), common] });
      expect(rendered.objects.length).toBeGreaterThan(20);
      const kinds = new Set(rendered.objects.map((object) => object.kind));
      expect(kinds).toContain("Pod"); // helm test pods
      for (const object of rendered.objects) {
        const name = `${object.kind}/${object.metadata?.name}`;
        expect(object.metadata?.labels, name).toMatchObject(commonLabels);
        expect(object.metadata?.annotations, name).toMatchObject(commonAnnotations);
        // The chart's own labels stay.
        expect(object.metadata?.labels?.["app.kubernetes.io/instance"], name).toBe("cryptoflow");
      }
      const templates = podTemplateMetadata(rendered);
      expect(templates.length).toBeGreaterThan(8);
      for (const { owner, metadata } of templates) {
        expect(metadata.labels, owner).toMatchObject(commonLabels);
        expect(metadata.annotations?.["example.com/owner"], owner).toBeUndefined();
      }
      const found = selectors(rendered);
      expect(found.length).toBeGreaterThan(20);
      for (const { at, labels } of found) expect(Object.keys(labels), at).not.toContain("team");
    },
  );

  it("lets an object's own annotations and a pod's podLabels win", async () => {
    const values = files.write({
      commonLabels,
      commonAnnotations: { "example.com/owner": "platform-team", "example.com/tier": "common" },
      api: { podLabels: { team: "api-team" }, service: { annotations: { "example.com/tier": "edge" } } },
    });
    const rendered = await render(helm, { values: [values] });
    const service = named(rendered, "Service", "api");
    expect(service.metadata?.annotations).toEqual({ "example.com/owner": "platform-team", "example.com/tier": "edge" });
    const api = podTemplateMetadata(rendered).find(({ owner }) => owner === "Deployment/api");
    expect(api?.metadata.labels?.team).toBe("api-team");
    expect(named(rendered, "Deployment", "api").metadata?.labels?.team).toBe("platform");
  });
});

describe.each(helms)("extraObjects with helm $version", (helm) => {
  const extraObjects = [
    {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "{{ .Release.Name }}-proxy", labels: { team: "proxy-team" } },
      data: {
        namespace: "{{ .Release.Namespace }}",
        api: '{{ include "cryptoflow.serviceHost" (dict "component" "api" "context" $) }}',
      },
    },
    [
      "apiVersion: networking.k8s.io/v1",
      "kind: NetworkPolicy",
      "metadata:",
      '  name: {{ include "cryptoflow.baseName" . }}-allow-monitoring',
      "spec:",
      "  podSelector: {}",
      "  ingress:",
      "    - from:",
      "        - namespaceSelector:",
      "            matchLabels: {kubernetes.io/metadata.name: monitoring}",
    ].join("\n"),
  ];

  it("renders maps and YAML text through tpl, with the common metadata under their own", async () => {
    const values = files.write({ commonLabels, commonAnnotations, extraObjects });
    const rendered = await render(helm, { release: "blue", namespace: "trading", values: [values] });
    const proxy = named<KubernetesObject & { data: Record<string, string> }>(rendered, "ConfigMap", "blue-proxy");
    expect(proxy.data).toEqual({ namespace: "trading", api: "api.trading.svc.cluster.local" });
    expect(proxy.metadata?.labels).toEqual({ ...commonLabels, team: "proxy-team" });
    expect(proxy.metadata?.annotations).toEqual(commonAnnotations);
    const policy = named(rendered, "NetworkPolicy", "cryptoflow-allow-monitoring");
    expect(policy.metadata?.labels).toEqual(commonLabels);
  });

  it("renders nothing of its own when empty", async () => {
    const rendered = await render(helm);
    expect(rendered.text).not.toMatch(/templates\/extra-objects\.yaml/);
  });

  it.each([
    ["YAML text that is a list", "- a\n- b"],
    ["a word", "hello"],
    ["a map without kind", { apiVersion: "v1", metadata: { name: "x" } }],
    ["a map without metadata.name", { apiVersion: "v1", kind: "ConfigMap", metadata: { labels: { a: "b" } } }],
    [
      "a template that renders a name-less object",
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Values.nothing }}",
    ],
  ])("refuses %s, naming its index, and renders nothing", async (_, bad) => {
    const good = extraObjects[0];
    const values = files.write({ extraObjects: [good, good, bad] });
    const { stdout, stderr } = await helmFailure(helm, templateArgs({ values: [values] }));
    expect(stdout).toBe("");
    expect(stderr).toContain(
      "extraObjects[2] must render to a Kubernetes object with apiVersion, kind and metadata.name",
    );
  });
});
