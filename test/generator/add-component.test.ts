// Adding a component is a change to schema/ alone. A copy of the project gets a throwaway
// application (ledger) and a throwaway datastore it dials (valkey), by edits to files under
// schema/ only; the schema still compiles, and the generator writes a chart from the copy that
// each helm lints and renders with both components wired in: workloads, Services, NetworkPolicies,
// connection settings, credentials, values and their schema.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { V1Deployment, V1Secret } from "@kubernetes/client-node";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { kubeVersion } from "../../scripts/chart/helm-template.ts";
import { projectRoot } from "../../scripts/project-root.ts";
import { container, helms, named, render, resolvedEnv } from "../render.ts";
import { allowedAmong } from "../workload-endpoints.ts";

/** What the generator reads: the definitions, its own code and templates, and the TypeScript settings. */
const generatorInputs = ["schema", "scripts", "package.json", "tsconfig.json"];

const ledger = `
  {
    name: "ledger",
    valuesKey: "ledger",
    role: "application",
    description: "throwaway ledger service",
    args: ["ledger"],
    ports: [{ name: "http", port: 8080, description: "HTTP API" }],
    service: { type: "ClusterIP" },
    livenessProbe: probe({ tcpSocket: { port: "http" } }),
    readinessProbe: probe({ httpGet: { path: "/", port: "http" } }),
    replicaCount: 1,
    resources: {
      requests: { cpu: "50m", memory: "64Mi", "ephemeral-storage": "64Mi" },
      limits: { cpu: "250m", memory: "128Mi", "ephemeral-storage": "1Gi" },
    },
    runAsUser: 1000,
    runAsGroup: 1000,
    readOnlyRootFilesystem: true,
    scratchVolumes: [tmp],
    dependencies: [
      { to: "postgres", port: "postgres", env: ["DATABASE_URL"] },
      { to: "valkey", port: "valkey", env: ["LEDGER_CACHE_URL"] },
    ],
  },`;

const valkey = `
  {
    name: "valkey",
    valuesKey: "valkey",
    role: "datastore",
    description: "throwaway Valkey 8, the ledger's cache",
    image: { registry: "docker.io", repository: "valkey/valkey", tag: "8.1.1-alpine" },
    args: ["--requirepass", "$(VALKEY_PASSWORD)"],
    ports: [{ name: "valkey", port: 6379, description: "Valkey" }],
    service: { type: "ClusterIP" },
    livenessProbe: probe({ tcpSocket: { port: "valkey" } }),
    readinessProbe: probe({ tcpSocket: { port: "valkey" } }),
    replicaCount: 1,
    resources: {
      requests: { cpu: "50m", memory: "64Mi", "ephemeral-storage": "64Mi" },
      limits: { cpu: "250m", memory: "256Mi", "ephemeral-storage": "2Gi" },
    },
    runAsUser: 999,
    runAsGroup: 1000,
    readOnlyRootFilesystem: true,
    scratchVolumes: [tmp],
    data: { mountPath: "/data", size: "1Gi" },
    auth: { passwordEnv: ["VALKEY_PASSWORD"], passwordKey: "VALKEY_PASSWORD" },
    external: { valuesKey: "externalValkey", description: "a managed Valkey 8" },
    dependencies: [],
  },`;

const ledgerCacheUrl = `
  {
    name: "LEDGER_CACHE_URL",
    target: "valkey",
    port: "valkey",
    format: "redis://:{password}@{host}:{port}/0",
    description: "Valkey URL of the ledger's cache",
  },`;

/**
 * The edits a person makes to add the two components, each placed by the line it follows,
 * wherever under schema/ that line now is. The lists they extend: the component names, the
 * definitions, the connection variables, and the values keys of the components and of the
 * managed services.
 */
const edits: { after: RegExp; insert: (indent: string) => string }[] = [
  { after: /^( *)\| "chroma"(?=;)/m, insert: (indent) => `\n${indent}| "ledger"\n${indent}| "valkey"` },
  { after: /^export const components\b[\s\S]*?\n( *)},(?=\n\];)/m, insert: () => `${ledger}${valkey}` },
  { after: /^export const connectionVariables\b[\s\S]*?\n( *)},(?=\n\];)/m, insert: () => ledgerCacheUrl },
  {
    after: /^( *)chroma: datastoreValues\("chroma"\),/m,
    insert: (indent) => `\n${indent}ledger: applicationValues("ledger"),\n${indent}valkey: datastoreValues("valkey"),`,
  },
  {
    after: /^( *)externalChroma: externalValues\(component\("chroma"\)\),/m,
    insert: (indent) => `\n${indent}externalValkey: externalValues(component("valkey")),`,
  },
];

/** Applies `edit` to the one file under `schema` that has its line; says which line it looked for if none has. */
function applyEdit(schema: string, edit: (typeof edits)[number]): string {
  const files = (readdirSync(schema, { recursive: true }) as string[]).filter((path) => path.endsWith(".ts"));
  for (const file of files) {
    const path = join(schema, file);
    const source = readFileSync(path, "utf8");
    const match = edit.after.exec(source);
    if (!match) continue;
    const end = match.index + match[0].length;
    writeFileSync(path, source.slice(0, end) + edit.insert(match[1] ?? "") + source.slice(end));
    return `schema/${file}`;
  }
  throw new Error(
    `no file under schema/ has a line matching ${edit.after}: update this test's edits to today's schema/`,
  );
}

describe("a component added in schema/ alone", () => {
  const copy = mkdtempSync(join(tmpdir(), "cryptoflow-add-component-"));
  const chart = join(copy, "out");
  let edited: string[] = [];
  let compiled: { exitCode?: number; all?: string };

  beforeAll(async () => {
    for (const input of generatorInputs) cpSync(join(projectRoot, input), join(copy, input), { recursive: true });
    symlinkSync(join(projectRoot, "node_modules"), join(copy, "node_modules"), "dir");
    edited = edits.map((edit) => applyEdit(join(copy, "schema"), edit));
    // The schema is checked by the compiler while the generator runs: tsx does not check types.
    const bin = (name: string) => join(copy, "node_modules", ".bin", name);
    writeFileSync(
      join(copy, "tsconfig.schema.json"),
      JSON.stringify({ extends: "./tsconfig.json", include: ["schema"] }),
    );
    [compiled] = await Promise.all([
      execa(bin("tsc"), ["--noEmit", "-p", "tsconfig.schema.json"], { cwd: copy, reject: false, all: true }),
      execa(bin("tsx"), ["scripts/generate.ts", "--out", chart], { cwd: copy }),
    ]);
  }, 120_000);
  afterAll(() => rmSync(copy, { recursive: true, force: true }));

  it("takes edits to schema/ files only, and the schema still compiles", () => {
    expect(edited.every((file) => file.startsWith("schema/"))).toBe(true);
    expect(compiled.exitCode, compiled.all).toBe(0);
  });

  it("writes their values and schema: the components' keys and the managed service's", () => {
    const values = parse(readFileSync(join(chart, "values.yaml"), "utf8"));
    const schema = JSON.parse(readFileSync(join(chart, "values.schema.json"), "utf8"));
    for (const key of ["ledger", "valkey", "externalValkey"]) {
      expect(values, key).toHaveProperty(key);
      expect(schema.properties, key).toHaveProperty(key);
    }
    expect(values.valkey.image).toMatchObject({ repository: "valkey/valkey", tag: "8.1.1-alpine" });
  });

  describe.each(helms)("with helm $version", (helm) => {
    it("lints the chart clean with --strict", async () => {
      const lint = await execa(helm.path, ["lint", "--strict", chart, "--kube-version", kubeVersion], {
        reject: false,
      });
      expect(lint.exitCode, lint.stdout + lint.stderr).toBe(0);
    });

    it("renders both components' Deployment, Service and NetworkPolicy, and the ledger's connections", async () => {
      const rendered = await render(helm, { chart });
      for (const name of ["ledger", "valkey"]) {
        for (const kind of ["Deployment", "Service", "NetworkPolicy"]) named(rendered, kind, name);
      }
      const env = resolvedEnv(rendered, container(named<V1Deployment>(rendered, "Deployment", "ledger")));
      expect(env.LEDGER_CACHE_URL).toBe(`redis://:\${VALKEY_PASSWORD}@valkey.default.svc.cluster.local:6379/0`);
      expect(env.DATABASE_URL).toMatch(/@postgres\.default\.svc\.cluster\.local:5432\//);
      expect(named<V1Secret>(rendered, "Secret", "cryptoflow-secrets").data).toHaveProperty("VALKEY_PASSWORD");
      const allowed = allowedAmong(rendered, "default");
      expect(allowed).toEqual(expect.arrayContaining(["ledger → postgres:5432", "ledger → valkey:6379"]));
      expect(allowed.filter((edge) => edge.endsWith("→ valkey:6379"))).toEqual(["ledger → valkey:6379"]);
    });

    it("points the ledger at the managed service when the datastore is switched off", async () => {
      const rendered = await render(helm, {
        chart,
        set: { "valkey.enabled": false, "externalValkey.host": "kv.example.com", "externalValkey.password": "x" },
      });
      expect(rendered.objects.filter((object) => object.metadata?.name === "valkey")).toEqual([]);
      const env = resolvedEnv(rendered, container(named<V1Deployment>(rendered, "Deployment", "ledger")));
      expect(env.LEDGER_CACHE_URL).toBe(`redis://:\${VALKEY_PASSWORD}@kv.example.com:6379/0`);
    });
  });
});
