// Property-based checks of the values contract, on generated values sets: every set the schema
// and the chart's rules accept renders a sound release; every set broken in one place is refused
// with an error naming the key, and renders nothing. PROPERTY_RUNS sets the cases per helm and
// kind (default 125, so 500 renders a run); FC_SEED replays a failure (the seed is in its report).
import type { KubernetesObject } from "@kubernetes/client-node";
import { execa } from "execa";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { parseManifests, templateArgs } from "../../scripts/chart/helm-template.ts";
import { formatFinding } from "../../scripts/lint/findings.ts";
import { checkIntegrity } from "../../scripts/lint/integrity.ts";
import { checkPodSecurity } from "../../scripts/lint/pod-security.ts";
import { namesKey } from "../errors.ts";
import { helms, valuesFiles } from "../render.ts";
import { brokenCase, type Case, validCase } from "./values-arbitraries.ts";

const runs = Number(process.env.PROPERTY_RUNS ?? 125);
/** Bounds each property: a render can take a second on a busy 2-core machine. */
const propertyTimeout = 600_000;
const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : undefined;
const files = valuesFiles("properties");
afterAll(files.remove);

async function template(helm: (typeof helms)[number], sample: Case) {
  const file = files.write(sample.values);
  return execa(helm.path, templateArgs({ release: sample.release, namespace: sample.namespace, values: [file] }), {
    reject: false,
  });
}

/** Fields no manifest of ours may leave empty, and text a template error leaves behind. */
function problems(objects: KubernetesObject[], text: string): string[] {
  const found: string[] = [];
  if (/<nil>|%!|<no value>/.test(text)) found.push("template output contains <nil>, <no value> or a printf error");
  const walk = (node: unknown, path: string): void => {
    if (node === null) found.push(`${path} is null`);
    else if (Array.isArray(node)) {
      for (const [index, child] of node.entries()) walk(child, `${path}[${index}]`);
    } else if (typeof node === "object") for (const [key, child] of Object.entries(node)) walk(child, `${path}.${key}`);
    else if (node === "" && !/storageClassName$|className$/.test(path)) found.push(`${path} is empty`);
  };
  for (const object of objects) walk(object, `${object.kind}/${object.metadata?.name}`);
  return found;
}

/** Every host a connection setting names is a Service of the render or a managed service the values name. */
function unknownHosts(objects: KubernetesObject[], sample: Case): string[] {
  const services = objects
    .filter((object) => object.kind === "Service")
    .map((service) => `${service.metadata?.name}.${sample.namespace}.svc.`);
  const externals = Object.entries(sample.values)
    .filter(([key]) => key.startsWith("external"))
    .map(([, settings]) => (settings as { host?: string }).host);
  const hosts: string[] = [];
  for (const object of objects) {
    const data = (object as { data?: Record<string, string> }).data ?? {};
    for (const [key, raw] of Object.entries(data)) {
      const value = object.kind === "Secret" ? Buffer.from(raw, "base64").toString() : raw;
      if (!/_URL$|_BACKEND$|_TARGET$|_HOST$/.test(key)) continue;
      const host = value.includes("://") ? new URL(value).hostname : value.split(":")[0];
      if (!services.some((prefix) => host.startsWith(prefix)) && !externals.includes(host))
        hosts.push(`${key} → ${host}`);
    }
  }
  return hosts;
}

describe.each(helms)("generated values with helm $version", (helm) => {
  it(
    `renders every accepted values set as a sound release (${runs} cases)`,
    async () => {
      await fc.assert(
        fc.asyncProperty(validCase, async (sample) => {
          const result = await template(helm, sample);
          expect(result.exitCode, String(result.stderr)).toBe(0);
          const objects = parseManifests(String(result.stdout));
          expect(objects.length).toBeGreaterThan(10);
          expect(problems(objects, String(result.stdout))).toEqual([]);
          expect(unknownHosts(objects, sample)).toEqual([]);
          const rendered = [
            {
              profile: { name: "generated" },
              label: "generated",
              text: String(result.stdout),
              objects,
              values: sample.values,
            },
          ];
          expect(checkIntegrity(rendered).findings.map(formatFinding)).toEqual([]);
          expect(checkPodSecurity(rendered).findings.map(formatFinding)).toEqual([]);
        }),
        { numRuns: runs, seed, endOnFailure: true },
      );
    },
    propertyTimeout,
  );

  it(
    `refuses every values set broken in one place, naming the key (${runs} cases)`,
    async () => {
      await fc.assert(
        fc.asyncProperty(brokenCase, async (sample) => {
          const result = await template(helm, sample);
          expect(result.exitCode, `${sample.mutation} was accepted`).not.toBe(0);
          expect(String(result.stdout)).toBe("");
          expect(
            namesKey(String(result.stderr), sample.key),
            `${sample.mutation}: error does not name ${sample.key}:\n${result.stderr}`,
          ).toBe(true);
        }),
        { numRuns: runs, seed, endOnFailure: true },
      );
    },
    propertyTimeout,
  );
});
