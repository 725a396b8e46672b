// chart/README.md: what `helm show readme` prints. Its tables come from the same definitions as
// the chart, so the documented keys, defaults, Services and secret keys cannot drift.
import { chartMetadata } from "../../schema/chart.ts";
import { components } from "../../schema/components.ts";
import { aiKeyReaders, aiKeys, connectionVariables } from "../../schema/connections.ts";
import { clients } from "../../schema/graph.ts";
import { shippedProfiles } from "../../schema/profiles/all.ts";
import { chartLabelKeys } from "../../schema/values.ts";
import { diagramBlock } from "./diagram.ts";

interface SchemaNode {
  description?: string;
  default?: unknown;
  properties?: Record<string, SchemaNode>;
}

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

/**
 * The README's table of object names: the values set on a release, and the names and label the
 * chart gives it. test/chart/names.test.ts renders every row and checks each name.
 */
export const namingExamples: {
  release: string;
  set: Record<string, string | boolean>;
  /** The api component's Deployment and Service (every component is named alike). */
  component: string;
  configMap: string;
  secret: string;
  serviceAccount: string;
  /** app.kubernetes.io/name, in every selector. */
  name: string;
}[] = [
  {
    release: "cryptoflow",
    set: {},
    component: "api",
    configMap: "cryptoflow-config",
    secret: "cryptoflow-secrets",
    serviceAccount: "cryptoflow",
    name: "cryptoflow",
  },
  {
    release: "cryptoflow",
    set: { nameOverride: "trading" },
    component: "api",
    configMap: "trading-config",
    secret: "trading-secrets",
    serviceAccount: "trading",
    name: "trading",
  },
  {
    release: "blue",
    set: { prefixWithReleaseName: true },
    component: "blue-api",
    configMap: "blue-config",
    secret: "blue-secrets",
    serviceAccount: "blue",
    name: "cryptoflow",
  },
  {
    release: "blue",
    set: { fullnameOverride: "shop", nameOverride: "trading" },
    component: "shop-api",
    configMap: "shop-config",
    secret: "shop-secrets",
    serviceAccount: "shop",
    name: "trading",
  },
];

const setFlags = (set: Record<string, string | boolean>) =>
  Object.entries(set)
    .map(([key, value]) => `\`${key}=${value}\``)
    .join(", ") || "(defaults)";

function valueRows(node: SchemaNode, path: string): string[] {
  if (node.properties && !("default" in node)) {
    return Object.entries(node.properties).flatMap(([key, child]) => valueRows(child, path ? `${path}.${key}` : key));
  }
  const description = (node.description ?? "").replace(/^[\w]+: /, "");
  const value = "default" in node ? `\`${JSON.stringify(node.default)}\`` : "(unset)";
  return [`| \`${path}\` | ${cell(value)} | ${cell(description)} |`];
}

/** One example per escape hatch, as a values file would hold it. */
const hatchExamples: [key: string, note: string, yaml: string[]][] = [
  [
    "global.extraEnvFrom",
    "every key of a ConfigMap or Secret as environment variables of the main container",
    [
      "global:",
      "  extraEnvFrom:",
      "    - configMapRef: {name: proxy-settings}",
      "    - secretRef: {name: sentry}",
      "      prefix: SENTRY_",
    ],
  ],
  [
    "api.extraVolumes, api.extraVolumeMounts",
    "a volume, mounted in the main container",
    [
      "api:",
      "  extraVolumes:",
      "    - name: ca-bundle",
      "      configMap: {name: corporate-ca}",
      "  extraVolumeMounts:",
      "    - name: ca-bundle",
      "      mountPath: /etc/ssl/corporate",
      "      readOnly: true",
    ],
  ],
  [
    "worker.initContainers",
    "a container that runs to completion before the main one",
    [
      "worker:",
      "  initContainers:",
      "    - name: wait-for-vault",
      "      image: busybox:1.37.0",
      '      command: ["sh", "-c", "until nc -z vault.vault 8200; do sleep 2; done"]',
      "      securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}",
    ],
  ],
  [
    "postgres.sidecars",
    "a container beside the main one",
    [
      "postgres:",
      "  sidecars:",
      "    - name: exporter",
      "      image: quay.io/prometheuscommunity/postgres-exporter:v0.17.1",
      "      ports: [{name: metrics, containerPort: 9187}]",
      "      securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: {drop: [ALL]}}",
    ],
  ],
  [
    "global.priorityClassName",
    "every pod's PriorityClass; a component's own wins",
    ["global:", "  priorityClassName: business-critical", "mcp:", "  priorityClassName: batch"],
  ],
  [
    "commonLabels, commonAnnotations",
    "on every object's metadata (labels on pod templates too, never in selectors)",
    ["commonLabels:", "  team: trading-platform", "commonAnnotations:", "  example.com/owner: platform@example.com"],
  ],
  [
    "extraObjects",
    "objects of your own, each a map or YAML text, rendered with `tpl`",
    [
      "extraObjects:",
      "  - apiVersion: v1",
      "    kind: ConfigMap",
      "    metadata:",
      '      name: "{{ .Release.Name }}-proxy-settings"',
      "    data:",
      "      HTTPS_PROXY: http://proxy.internal:3128",
      "  - |",
      "    apiVersion: monitoring.coreos.com/v1",
      "    kind: PodMonitor",
      "    metadata:",
      '      name: {{ include "cryptoflow.baseName" . }}',
      "    spec:",
      "      selector:",
      "        matchLabels: {app.kubernetes.io/instance: {{ .Release.Name }}}",
      "      podMetricsEndpoints: [{port: metrics}]",
    ],
  ],
];

function escapeHatches(): string[] {
  return [
    "## Escape hatches",
    "",
    "For what the chart does not know about, each component (`api`, `worker`, `mcp`, `marketData`,",
    "`orderService`, `postgres`, `redis`, `rabbitmq`, `chroma`) and `global` take `extraEnvFrom`,",
    "`extraVolumes`, `extraVolumeMounts`, `initContainers`, `sidecars` and `priorityClassName`, as",
    "Kubernetes writes them: containers need `name` and `image`, mounts `name` and `mountPath`, env sources",
    "a `configMapRef` or `secretRef`; the rest passes through. Lists add up: `global`'s entries come first",
    "on every component's pod, then the component's own. A component's `priorityClassName` wins over",
    "`global`'s. The migrations Job takes `global`'s additions except `sidecars` (a container that never",
    "exits would keep the Job from completing) and `api`'s pod settings, `priorityClassName` included; the",
    "`helm test` pods take none. Every pod must meet Pod Security's restricted profile, your containers",
    "too: give each a `securityContext` like the examples' (`npm run lint` names the values path of one",
    'that does not, e.g. `api.sidecars[0] (container "shell")`), and open the connections they make with',
    "`<component>.networkPolicy.extraEgress`. Container and volume names and mount paths must be unique in",
    "a pod, the chart's own included: the render stops at one that is not, naming it",
    '(`api.sidecars[0].name is "api", as is the chart\'s own in the api pods`).',
    "",
    `\`commonLabels\` may not set the chart's own labels (${chartLabelKeys.map((key) => `\`${key}\``).join(", ")}).`,
    "A StatefulSet's volumeClaimTemplates keep their labels: they cannot change after install. An `extraObjects` entry that does not render to one object with `apiVersion`, `kind` and",
    "`metadata.name` stops the render (`extraObjects[2] must render to a Kubernetes object …`), so",
    "nothing is half-applied.",
    "",
    ...hatchExamples.flatMap(([key, note, yaml]) => [`\`${key}\`: ${note}.`, "", "```yaml", ...yaml, "```", ""]),
  ];
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
    "## Object names",
    "",
    "Components' objects (Deployment or StatefulSet, Service, PVC, HPA, PDB, NetworkPolicy, `helm test`",
    "pods) are named after the component, which is also its DNS name; the ConfigMap, the Secret and the",
    "ServiceAccount are shared. `nameOverride` replaces the chart's name where it appears: the",
    "`app.kubernetes.io/name` label (and so every selector) and the shared objects' names. `fullnameOverride`",
    "replaces the whole prefix, whatever `prefixWithReleaseName` says. Connection URLs, NetworkPolicies and",
    "`helm test` follow the names. For the `api` component, release `cryptoflow` or `blue`:",
    "",
    "| Release, values | Component objects | ConfigMap, Secret, ServiceAccount | `app.kubernetes.io/name` |",
    "| --- | --- | --- | --- |",
    ...namingExamples.map(
      (example) =>
        `| \`${example.release}\`, ${setFlags(example.set)} | \`${example.component}\` | \`${example.configMap}\`, \`${example.secret}\`, \`${example.serviceAccount}\` | \`${example.name}\` |`,
    ),
    "",
    "A name over 63 characters keeps its component and shortens the prefix. `fullnameOverride` is a DNS",
    "label of at most 53 characters, Helm's own limit for release names, so every suffix fits. Set",
    "`nameOverride` at install: a Deployment's selector cannot change, so `helm upgrade` refuses a new",
    "one. Changing `fullnameOverride` or `prefixWithReleaseName` renames every object, claims included (see",
    "below). The MCP server dials Chroma at the fixed host `chroma`, so with a prefix its vector search",
    "fails (the install notes say so).",
    "",
    "## As a dependency of another chart",
    "",
    "```yaml",
    "# the parent chart's Chart.yaml",
    "dependencies:",
    `  - name: ${chartMetadata.name}`,
    `    version: ${chartMetadata.version}`,
    "    repository: oci://<registry>/<path>   # or file://<path to this chart>",
    `    condition: ${chartMetadata.name}.enabled`,
    "```",
    "",
    `The parent sets this chart's values under \`${chartMetadata.name}:\` (\`${chartMetadata.name}.api.replicaCount\`), and`,
    "`global.imageRegistry`, `global.imagePullSecrets`, `global.clusterDomain` and the escape hatches",
    "under `global` (below) for it and its other subcharts (other `global` keys are accepted and not",
    `read). \`${chartMetadata.name}.enabled=false\` leaves the`,
    "chart out altogether; on its own, the chart refuses `enabled: false` rather than install what it was",
    "told not to. Inside a parent, the release is the parent's, and the chart's name is",
    `\`${chartMetadata.name}\` or the alias the parent gives it, which becomes the \`app.kubernetes.io/name\` label`,
    "and the shared objects' name. Components keep their bare names (`api`, `postgres`…) unless a prefix is",
    "set: give the chart a `fullnameOverride` (or `prefixWithReleaseName=true`) when other subcharts may",
    "use those names. Two instances in one parent (two aliases) need a `fullnameOverride` each, and",
    "different `api.service.nodePorts.http` (node ports are cluster-wide) or `api.service.type=ClusterIP`.",
    "",
    "Image pull secrets are Secret names or `{name: …}` references, in `global.imagePullSecrets` (every",
    "pod) and in each component's `imagePullSecrets` (its pods; `api`'s also the migrations Job's,",
    "`tests.imagePullSecrets` the `helm test` pods'), merged without repeats.",
    "",
    ...escapeHatches(),
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
    "after the component (`<prefix>-<component>` with `fullnameOverride` or `prefixWithReleaseName`), or, with",
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
    "yours and is not checked; turning `prefixWithReleaseName` on or off, or changing `fullnameOverride`,",
    "renames the claims and is not detected.",
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
