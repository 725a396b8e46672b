// chart/README.md: what `helm show readme` prints. Its tables come from the same definitions as
// the chart, so the documented keys, defaults, Services and secret keys cannot drift.
import { chartMetadata } from "../../schema/chart.ts";
import { components } from "../../schema/components.ts";
import { aiKeyReaders, aiKeys, connectionVariables } from "../../schema/connections.ts";
import { clients } from "../../schema/graph.ts";
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
    clients
      .filter((client) => client.dependencies.some((edge) => edge.env.includes(name)))
      .map((client) => client.name)
      .join(", ");
  const variables = connectionVariables.map((variable) => {
    const meaning = variable.notReadUpstream
      ? `${variable.description}. **Handed out for the application to adopt:** ${variable.notReadUpstream}; the image recipe's patch makes them read it`
      : variable.description;
    return `| \`${variable.name}\` | ${variable.secret ? "Secret" : "ConfigMap"} | \`${cell(variable.format)}\` | ${readers(variable.name)} | ${cell(meaning)} |`;
  });
  const datastoreKeys = components
    .filter((definition) => definition.role === "datastore")
    .map((definition) => definition.valuesKey);
  const dialedByName = clients.flatMap((client) =>
    client.dependencies
      .filter((edge) => edge.dialsByName)
      .map((edge) => `- ${client.name} reaches ${edge.to} at ${edge.dialsByName}, not through a variable.`),
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
    `The AI keys below are read by ${aiKeyReaders.join(", ")} only. Passwords are URL-encoded where a URL holds them`,
    "(a space as `%20`); the migrations Job doubles `%` for Alembic's ConfigParser itself.",
    "",
    ...dialedByName,
    "",
    "## The application image",
    "",
    "The five application components and the migrations Job run one image, `image.repository:image.tag`",
    "(the chart's appVersion by default). It must contain what the chart starts: `/app/scripts/entrypoint.sh`",
    "(modes `api`, `worker`, `mcp`, `grpc`), `python src/services/order_service/server.py`, Alembic with",
    "`alembic.ini` **and its `migrations/` folder**, the packages `aio_pika` (order-service) and `mcp`",
    "(the MCP server), and a user of uid 1000 whose home is `/home/appuser`.",
    "",
    "The upstream Dockerfile misses three of those: it copies no `migrations/` (the migrations Job then",
    "skips, or fails with `migrations.whenScriptsMissing=fail`), and its requirements lack `aio_pika` and",
    "`mcp` (order-service and mcp crash at import). Its API and order-service also dial the gRPC",
    "services at `localhost`. Build the image with this repository's recipe, `image/cryptoflow/`, which",
    "fixes all four; see its README.",
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
    "## Persistence and upgrades",
    "",
    `Each datastore (${datastoreKeys.map((key) => `\`${key}\``).join(", ")}) keeps its data in an emptyDir unless`,
    "`<datastore>.persistence.enabled=true` gives it a PersistentVolumeClaim: the Deployment's PVC, named",
    "after the component (`<release>-<component>` with `prefixWithReleaseName`), or, with",
    "`<datastore>.workload=StatefulSet`, the claim `data-<statefulset>-0` made from its volumeClaimTemplates.",
    "A Deployment's PVC outlives `helm uninstall` while `persistence.keepOnUninstall` is true (the default);",
    "a StatefulSet's claims always do.",
    "",
    "`helm install` and `helm upgrade` read the release's claims, its StatefulSets and a growing claim's",
    "StorageClass from the cluster (`lookup`), and refuse, before anything changes, with a message that",
    "names the key and says what to do:",
    "",
    "- `<datastore>.persistence.enabled=false` or `<datastore>.enabled=false` while a claim of the release",
    "  holds that datastore's data (back it up and delete the PVC first if the data is to go);",
    "- `<datastore>.workload` switched between Deployment and StatefulSet while the old workload's claim",
    "  holds the data and the new one's does not exist (a Deployment can run on the StatefulSet's claim:",
    "  `<datastore>.persistence.existingClaim=data-<statefulset>-0`);",
    "- `<datastore>.persistence.size` smaller than the claim's request (a volume never shrinks), or larger",
    "  while the claim's StorageClass lacks `allowVolumeExpansion: true`, or while the claim is not Bound;",
    "- `<datastore>.persistence.storageClass` or `accessModes` different from the existing claim's;",
    "- any change of a StatefulSet's claim template (size, storageClass, accessModes, annotations), which",
    "  Kubernetes does not allow. For a size or annotations, change the PVC itself, delete the StatefulSet",
    "  without its pod and claims (`kubectl delete statefulset <name> --cascade=orphan`), then upgrade: the",
    "  new StatefulSet takes them over. A claim's storage class and access modes cannot change at all: the",
    "  data has to be copied into new claims.",
    "",
    "What they do not see: `helm template` and `--dry-run=client` read no cluster and skip them;",
    "`helm rollback` does not render the chart and is not checked; a claim named in `existingClaim` is",
    "yours and is not checked; turning `prefixWithReleaseName` on or off renames the claims and is not",
    "detected.",
    "Growing a claim needs permission to read StorageClasses (cluster-scoped); without it the upgrade stops",
    "with Kubernetes' `forbidden` error. Sizes are compared in bytes whatever their suffix (`8192Mi` is",
    "`8Gi`), exactly up to 1 PiB.",
    "",
    "## Values",
    "",
    "| Key | Default | Description |",
    "| --- | --- | --- |",
    ...valueRows(valuesSchema, ""),
    "",
  ].join("\n");
}
