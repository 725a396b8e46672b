// chart/README.md: what `helm show readme` prints. Its tables come from the same definitions as
// the chart, so the documented keys, defaults, Services and secret keys cannot drift.
import { chartMetadata } from "../../schema/chart.ts";
import { components } from "../../schema/components.ts";
import { aiKeys, connectionVariables } from "../../schema/connections.ts";
import { shippedProfiles } from "../../schema/profiles/all.ts";
import { diagramBlock } from "./diagram.ts";

interface SchemaNode {
  description?: string;
  default?: unknown;
  properties?: Record<string, SchemaNode>;
}

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

function valueRows(node: SchemaNode, path: string): string[] {
  if (node.properties && !("default" in node)) {
    return Object.entries(node.properties).flatMap(([key, child]) => valueRows(child, path ? `${path}.${key}` : key));
  }
  const description = (node.description ?? "").replace(/^[\w]+: /, "");
  const value = "default" in node ? `\`${JSON.stringify(node.default)}\`` : "(unset)";
  return [`| \`${path}\` | ${cell(value)} | ${cell(description)} |`];
}

export function chartReadme(valuesSchema: SchemaNode, header: string): string {
  const services = components
    .filter((definition) => definition.service)
    .map(
      (definition) =>
        `| \`${definition.name}\` | ${definition.service?.type} | ${definition.ports.map((port) => `${port.port} (${port.name})`).join(", ")} | ${cell(definition.description)} |`,
    );
  const secretKeys = [
    ...components.flatMap((definition) => (definition.auth ? [definition.auth.passwordKey] : [])),
    ...connectionVariables.filter((variable) => variable.secret).map((variable) => variable.name),
  ];
  const readers = (name: string) =>
    components
      .filter((definition) => definition.dependencies.some((edge) => edge.env.includes(name)))
      .map((definition) => definition.name)
      .join(", ");
  const variables = connectionVariables.map(
    (variable) =>
      `| \`${variable.name}\` | ${variable.secret ? "Secret" : "ConfigMap"} | \`${cell(variable.format)}\` | ${readers(variable.name)} | ${cell(variable.description)} |`,
  );
  return [
    header,
    `# CryptoFlow Helm chart ${chartMetadata.version}`,
    "",
    chartMetadata.description,
    "",
    "```",
    "helm install cryptoflow ./chart",
    "```",
    "",
    "## Architecture",
    "",
    diagramBlock(),
    "",
    "## Profiles",
    "",
    "Values files for each environment, in `profiles/` (`helm pull --untar` gives them to users of the",
    "OCI chart). Each is checked by `values.schema.json` like any values file.",
    "",
    ...shippedProfiles.flatMap((profile) => [`- \`profiles/${profile.name}.yaml\`: ${profile.description}`]),
    "",
    "```",
    "helm install cryptoflow ./chart --namespace cryptoflow --create-namespace --values chart/profiles/staging.yaml",
    "```",
    "",
    "## Services",
    "",
    "In-cluster DNS names are `<service>.<namespace>.svc.<clusterDomain>`.",
    "",
    "| Service | Type | Ports | Serves |",
    "| --- | --- | --- | --- |",
    ...services,
    "",
    "## Connection settings",
    "",
    "Each process receives the addresses of what it talks to, and no others; `{host}` is the Service's",
    "fully qualified DNS name in the release namespace.",
    "",
    "| Variable | Stored in | Value | Read by | Meaning |",
    "| --- | --- | --- | --- | --- |",
    ...variables,
    "",
    "## Credentials",
    "",
    "Passwords left empty are generated at install and kept across upgrades and rollbacks. To manage",
    "them yourself, set `existingSecret` to a Secret holding these keys (URLs with the passwords",
    "URL-encoded):",
    "",
    ...secretKeys.map((key) => `- \`${key}\``),
    ...aiKeys.map((key) => `- \`${key.env}\` (optional)`),
    "",
    "## Values",
    "",
    "| Key | Default | Description |",
    "| --- | --- | --- |",
    ...valueRows(valuesSchema, ""),
    "",
  ].join("\n");
}
