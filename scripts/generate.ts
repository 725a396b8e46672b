// `npm run generate`: writes chart/ from schema/. Deterministic: a second run changes nothing.
// `--out DIR` writes the chart elsewhere (scripts/chart/drift.ts compares that with the committed chart/).
//
// `chartFiles` below lists every file of chart/, in the order of the chart's tree: where it goes,
// and either the Handlebars template (scripts/templates/) and view (scripts/generator/views/)
// that render it, or the generator module that writes it whole. The loop after it writes them.
// chart/templates/api/deployment.yaml, for one, is the row "templates/<component>/deployment.yaml":
// scripts/templates/component/deployment.yaml.hbs rendered with componentView, for the api component.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { applications, components, datastores } from "../schema/components.ts";
import { checkGraph } from "../schema/connections.ts";
import { clients, migrationsJob } from "../schema/graph.ts";
import { shippedProfiles } from "../schema/profiles/all.ts";
import { ci as ciProfile } from "../schema/profiles/ci.ts";
import type { ComponentDefinition } from "../schema/types.ts";
import { valuesSchema } from "../schema/values.ts";
import { chartDir } from "./chart/folder.ts";
import { changelogMarkdown } from "./generator/changelog.ts";
import {
  type ChartFile,
  fileText,
  forEach,
  generator,
  noData,
  rendered,
  templatesDir,
  written,
} from "./generator/chart-file.ts";
import { chartReadme } from "./generator/chart-readme.ts";
import { artifactHubRepoYaml, chartYaml } from "./generator/chart-yaml.ts";
import { withDiagram } from "./generator/diagram.ts";
import { registerPartials } from "./generator/handlebars.ts";
import { valuesSchemaJson } from "./generator/values-schema.ts";
import { profileYaml, schemaModeline, valuesYaml } from "./generator/values-yaml.ts";
import { componentView } from "./generator/views/component.ts";
import { helpersView } from "./generator/views/helpers.ts";
import { migrationsJobView } from "./generator/views/migrations.ts";
import { networkPolicyView } from "./generator/views/network-policy.ts";
import { notesView } from "./generator/views/notes.ts";
import { configMapView, secretView, serviceAccountView } from "./generator/views/shared.ts";
import {
  apiTestPolicyView,
  apiTestView,
  connectionsTestPolicyView,
  connectionsTestView,
} from "./generator/views/test-pods.ts";
import { projectRoot } from "./project-root.ts";

const isDatastore = (definition: ComponentDefinition) => datastores.includes(definition);
const isApplication = (definition: ComponentDefinition) => applications.includes(definition);
const hasConfigFiles = (definition: ComponentDefinition) => definition.configFiles !== undefined;
const hasService = (definition: ComponentDefinition) => definition.service !== undefined;
const hasNodePort = (definition: ComponentDefinition) => definition.service?.type === "NodePort";

/** Every workload the chart runs, each with its NetworkPolicy: the components and the migrations Job. */
const workloads = [...components, migrationsJob];

/** A file of named templates at the top of templates/: they all share one view. */
const helper = (name: string) => rendered(`templates/${name}`, `${name}.hbs`, helpersView, "schema/components.ts");

// biome-ignore format: a table reads best one row per line
const chartFiles: ChartFile[] = [
  rendered(".helmignore", "helmignore.hbs", noData),
  written("CHANGELOG.md", "schema/changelog.ts", (note) => changelogMarkdown(`<!-- ${note} -->`)),
  written("Chart.yaml", "schema/", (note) => chartYaml(`# ${note}\n`)),
  written("README.md", "schema/", (note) => chartReadme(valuesSchema, `<!-- ${note} -->\n`)),
  written("artifacthub-repo.yml", "schema/chart.ts", (note) => artifactHubRepoYaml(`# ${note}\n`)),
  // chart-testing installs the chart once per ci/*-values.yaml: the ci profile, for a kind cluster.
  written("ci/ci-values.yaml", "schema/profiles/ci.ts", (note, path) => profileYaml(ciProfile, `# ${note}\n`, path)),
  ...shippedProfiles.map((profile) =>
    written(`profiles/${profile.name}.yaml`, `schema/profiles/${profile.name}.ts`, (note, path) =>
      profileYaml(profile, `# ${note}\n`, path),
    ),
  ),
  rendered("templates/NOTES.txt", "NOTES.txt.hbs", notesView, "schema/components.ts"),
  helper("_endpoints.tpl"),
  helper("_hatches.tpl"),
  helper("_helpers.tpl"),
  helper("_images.tpl"),
  helper("_pod.tpl"),
  helper("_secrets.tpl"),
  helper("_tests.tpl"),
  helper("_validate-upgrade.tpl"),
  helper("_validate.tpl"),
  ...forEach(components, componentView, "schema/components.ts (<component>)", [
    ["templates/<component>/_pod.tpl", "component/_pod.tpl.hbs"],
    ["templates/<component>/configmap.yaml", "component/configmap.yaml.hbs", hasConfigFiles],
    ["templates/<component>/deployment.yaml", "component/deployment.yaml.hbs"],
    ["templates/<component>/hpa.yaml", "component/hpa.yaml.hbs", isApplication],
    ["templates/<component>/ingress.yaml", "component/ingress.yaml.hbs", hasNodePort],
    ["templates/<component>/pdb.yaml", "component/pdb.yaml.hbs", isApplication],
    ["templates/<component>/pvc.yaml", "component/pvc.yaml.hbs", isDatastore],
    ["templates/<component>/service-headless.yaml", "component/service-headless.yaml.hbs", isDatastore],
    ["templates/<component>/service.yaml", "component/service.yaml.hbs", hasService],
    ["templates/<component>/statefulset.yaml", "component/statefulset.yaml.hbs", isDatastore],
  ]),
  ...forEach(workloads, networkPolicyView, "schema/graph.ts (<workload>)", [
    ["templates/<workload>/networkpolicy.yaml", "network/networkpolicy.yaml.hbs"],
  ]),
  rendered("templates/checks/values/kept-keys.yaml", "checks/values/kept-keys.yaml.hbs", noData, "schema/values.ts"),
  rendered("templates/extra-objects.yaml", "extra-objects.yaml.hbs", noData, "schema/values.ts"),
  rendered("templates/migrations/_job.tpl", "migrations/_job.tpl.hbs", migrationsJobView, "schema/graph.ts (migrations)"),
  rendered("templates/migrations/_script.tpl", "migrations/_script.tpl.hbs", noData, "schema/graph.ts (migrations)"),
  rendered("templates/migrations/job.yaml", "migrations/job.yaml.hbs", noData, "schema/graph.ts (migrations)"),
  rendered("templates/shared/configmap.yaml", "shared/configmap.yaml.hbs", configMapView, "schema/connections.ts"),
  rendered("templates/shared/secret.yaml", "shared/secret.yaml.hbs", secretView, "schema/connections.ts"),
  rendered("templates/shared/serviceaccount.yaml", "shared/serviceaccount.yaml.hbs", serviceAccountView, "schema/values.ts"),
  ...forEach(clients, connectionsTestView, "schema/graph.ts (<client>)", [
    ["templates/tests/<client>-connections.yaml", "tests/connections.yaml.hbs"],
  ]),
  ...forEach(clients, connectionsTestPolicyView, "schema/graph.ts (<client>)", [
    ["templates/tests/<client>-connections-networkpolicy.yaml", "tests/networkpolicy.yaml.hbs"],
  ]),
  rendered("templates/tests/api-networkpolicy.yaml", "tests/api-networkpolicy.yaml.hbs", apiTestPolicyView, "schema/components.ts (api)"),
  rendered("templates/tests/api.yaml", "tests/api.yaml.hbs", apiTestView, "schema/components.ts"),
  written("values.schema.json", "schema/values.ts", () => valuesSchemaJson(generator)),
  written("values.yaml", "schema/", (note) =>
    valuesYaml(
      valuesSchema,
      `${schemaModeline("values.schema.json")}\n ${note}\n Every key is checked by values.schema.json.`,
    ),
  ),
];

/** Every file's text by its path in the chart. */
function chartContents(): Map<string, string> {
  checkGraph();
  registerPartials(join(templatesDir, "partials"));
  const contents = new Map<string, string>();
  for (const file of chartFiles) {
    if (contents.has(file.path)) throw new Error(`${file.path} is generated twice`);
    contents.set(file.path, fileText(file));
  }
  return contents;
}

function writeChart(chartDir: string, contents: Map<string, string>): void {
  rmSync(chartDir, { recursive: true, force: true });
  for (const [path, content] of [...contents].sort(([a], [b]) => a.localeCompare(b))) {
    const target = join(chartDir, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
  const count = readdirSync(chartDir, { recursive: true }).length;
  console.log(`generated ${contents.size} files in ${relative(process.cwd(), chartDir) || "."} (${count} entries)`);
}

/** The project README carries the same diagram as the chart README; only `npm run generate` rewrites it. */
function updateProjectReadme(): void {
  const path = join(projectRoot, "README.md");
  const current = readFileSync(path, "utf8");
  const updated = withDiagram(current);
  if (updated !== current) writeFileSync(path, updated);
}

const outIndex = process.argv.indexOf("--out");
writeChart(outIndex > 0 ? resolve(process.argv[outIndex + 1]) : chartDir, chartContents());
if (outIndex < 0) updateProjectReadme();
