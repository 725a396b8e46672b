// kubeconform's JSON schemas, made offline from the Kubernetes OpenAPI spec that the
// k8s.io/kubernetes module carries (api/openapi-spec/swagger.json), the way yannh's
// openapi2jsonschema makes its "standalone-strict" set: $refs expanded, apiVersion/kind enums from
// x-kubernetes-group-version-kind, int-or-string and quantities as string-or-number, optional
// fields nullable, and `additionalProperties: false` wherever an object lists its properties.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { kubernetesRange } from "../../schema/chart.ts";
import { toolsDir } from "../tools.ts";

/** The oldest and newest Kubernetes minor that Chart.yaml's kubeVersion claims, at their latest patch. */
export const kubernetesVersions = [kubernetesRange.oldest, kubernetesRange.newest] as const;

export const schemasRoot = join(toolsDir, "kubernetes-json-schemas");

/** The folder kubeconform reads for one version (it appends `v<version>-standalone-strict/<file>`). */
export const schemaDir = (version: string) => join(schemasRoot, `v${version}-standalone-strict`);

type Schema = { [key: string]: unknown };
interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

/** kubeconform's file name for a kind: `deployment-apps-v1.json`, `service-v1.json`, `networkpolicy-networking-v1.json`. */
export function schemaFileName({ group, version, kind }: GroupVersionKind): string {
  const groupPart = group ? `-${group.split(".")[0]}` : "";
  return `${kind}${groupPart}-${version}.json`.toLowerCase();
}

function openApiSpec(version: string): { definitions: Record<string, Schema> } {
  const out = spawnSync("go", ["mod", "download", "-json", `k8s.io/kubernetes@v${version}`], {
    encoding: "utf8",
    maxBuffer: 1 << 24,
  });
  if (out.status !== 0) throw new Error(`go mod download k8s.io/kubernetes@v${version} failed:\n${out.stderr}`);
  const { Dir } = JSON.parse(out.stdout) as { Dir: string };
  return JSON.parse(readFileSync(join(Dir, "api", "openapi-spec", "swagger.json"), "utf8"));
}

const quantity = "io.k8s.apimachinery.pkg.api.resource.Quantity";

/** Expands every `$ref`; a definition that refers to itself (CRD JSONSchemaProps) is cut to `{}`. */
function expand(node: unknown, definitions: Record<string, Schema>, stack: string[]): unknown {
  if (Array.isArray(node)) return node.map((item) => expand(item, definitions, stack));
  if (!node || typeof node !== "object") return node;
  const schema = node as Schema;
  if (typeof schema.$ref === "string") {
    const name = schema.$ref.replace("#/definitions/", "");
    if (name === quantity) return { oneOf: [{ type: "string" }, { type: "number" }] };
    if (stack.includes(name)) return {};
    return expand(definitions[name], definitions, [...stack, name]);
  }
  if (schema.format === "int-or-string") return { oneOf: [{ type: "string" }, { type: "integer" }] };
  const result: Schema = {};
  for (const [key, value] of Object.entries(schema)) {
    // Descriptions are most of the spec's size and kubeconform never reads them.
    if (key === "description" || key.startsWith("x-kubernetes")) continue;
    result[key] =
      key === "properties"
        ? expandProperties(value as Record<string, unknown>, definitions, stack)
        : expand(value, definitions, stack);
  }
  if (result.properties && result.additionalProperties === undefined) result.additionalProperties = false;
  return result;
}

/** Properties may be null in a manifest (helm renders `annotations:` with nothing after it); the API server accepts that. */
function expandProperties(properties: Record<string, unknown>, definitions: Record<string, Schema>, stack: string[]) {
  const result: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(properties)) {
    const expanded = expand(value, definitions, stack) as Schema;
    result[name] = typeof expanded.type === "string" ? { ...expanded, type: [expanded.type, "null"] } : expanded;
  }
  return result;
}

function kindSchema(definition: Schema, gvk: GroupVersionKind, definitions: Record<string, Schema>): Schema {
  const schema = expand(definition, definitions, []) as Schema & { properties?: Record<string, Schema> };
  const apiVersion = gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version;
  if (schema.properties?.apiVersion) schema.properties.apiVersion = { type: ["string", "null"], enum: [apiVersion] };
  if (schema.properties?.kind) schema.properties.kind = { type: ["string", "null"], enum: [gvk.kind] };
  return { $schema: "http://json-schema.org/schema#", ...schema };
}

/** Writes every kind's schema for one Kubernetes version; returns how many files it wrote. */
export function writeSchemas(version: string, target = schemaDir(version)): number {
  const { definitions } = openApiSpec(version);
  const staging = `${target}.partial`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  let written = 0;
  for (const definition of Object.values(definitions)) {
    const kinds = (definition["x-kubernetes-group-version-kind"] ?? []) as GroupVersionKind[];
    // Option and event types carry a GVK for every group; only real kinds have a kind field of their own.
    if (kinds.length !== 1) continue;
    writeFileSync(
      join(staging, schemaFileName(kinds[0])),
      JSON.stringify(kindSchema(definition, kinds[0], definitions)),
    );
    written++;
  }
  rmSync(target, { recursive: true, force: true });
  renameSync(staging, target);
  return written;
}

/** Makes the schemas of every claimed version unless they are already in .tools/. */
export function ensureSchemas(): void {
  for (const version of kubernetesVersions) {
    if (existsSync(join(schemaDir(version), "deployment-apps-v1.json"))) continue;
    console.log(
      `making kubeconform schemas for Kubernetes ${version} from k8s.io/kubernetes@v${version}'s OpenAPI spec`,
    );
    const count = writeSchemas(version);
    console.log(`  wrote ${count} schemas to ${schemaDir(version)}`);
  }
}
