// chart/README.md: what `helm show readme` prints. Its tables come from the same definitions as
// the chart, so the documented keys, defaults, Services and secret keys cannot drift.
import { applicationImage, chartMetadata, chartReference, projectHome } from "../../schema/chart.ts";
import { applications, components, componentsWithService, datastores, passwordKeys } from "../../schema/components.ts";
import { aiKeyReaders, aiKeys, connectionVariables, passwordKeyOf } from "../../schema/connections.ts";
import { clients, databaseReaders, syncWaves } from "../../schema/graph.ts";
import { inWords } from "../../schema/in-words.ts";
import { shippedProfiles } from "../../schema/profiles/all.ts";
import { chartLabelKeys } from "../../schema/values.ts";
import { diagramBlock } from "./diagram.ts";
import { markdownItem, markdownParagraph } from "./prose.ts";
import { githubOidcIssuer, releaseWorkflowIdentity, verifyingSection } from "./readme-verifying.ts";

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

/**
 * How to deploy with Argo CD or Flux: every credential from a Secret the cluster's own tooling
 * makes, so that `helm template` gives the same manifests on every sync.
 */
function gitOpsSection(): string[] {
  return [
    "## GitOps (Argo CD, Flux)",
    "",
    "Argo CD renders the chart with `helm template`, where `lookup` sees no cluster: a password left empty",
    "would be generated anew on every sync, and Argo CD would report the release out of sync each time.",
    "Flux's helm-controller installs and upgrades with Helm itself, so lookups and hooks work there as with",
    "`helm`, and generated passwords are kept. Supply every credential, and the render is the same byte for",
    "byte every time (the chart's tests check this for each profile). The way that keeps passwords out of",
    "Git, for either, is `existingSecret`, filled by sealed-secrets or External Secrets:",
    "",
    "```yaml",
    "apiVersion: external-secrets.io/v1",
    "kind: ExternalSecret",
    "metadata:",
    "  name: cryptoflow-credentials",
    "  namespace: trading",
    "spec:",
    "  secretStoreRef: {kind: ClusterSecretStore, name: vault}",
    "  target: {name: cryptoflow-credentials}",
    "  data:",
    ...passwordKeys.flatMap((key) => [
      `    - secretKey: ${key}`,
      `      remoteRef: {key: cryptoflow/${key.split("_")[0].toLowerCase()}, property: password}`,
    ]),
    "```",
    "",
    "(With sealed-secrets, `kubectl create secret generic cryptoflow-credentials --dry-run=client -o yaml",
    `${passwordKeys.map((key) => `--from-literal=${key}=…`).join(" ")} | kubeseal -o yaml\``,
    "gives the SealedSecret to commit.) Then the Argo CD Application:",
    "",
    "```yaml",
    "apiVersion: argoproj.io/v1alpha1",
    "kind: Application",
    "metadata:",
    "  name: cryptoflow",
    "  namespace: argocd",
    "spec:",
    "  project: default",
    "  source:",
    `    repoURL: ${chartReference}   # Argo CD 3.1 or later`,
    "    path: .",
    `    targetRevision: ${chartMetadata.version}`,
    "    helm:",
    "      valuesObject:",
    "        existingSecret: cryptoflow-credentials",
    "        migrations: {mode: argoCD}",
    "  destination:",
    "    server: https://kubernetes.default.svc",
    "    namespace: trading",
    "  syncPolicy:",
    "    automated: {prune: true, selfHeal: true}",
    "```",
    "",
    "or the Flux HelmRelease:",
    "",
    "```yaml",
    "apiVersion: source.toolkit.fluxcd.io/v1",
    "kind: OCIRepository",
    "metadata:",
    "  name: cryptoflow",
    "  namespace: trading",
    "spec:",
    "  interval: 10m",
    `  url: ${chartReference}`,
    `  ref: {semver: "${chartMetadata.version}"}`,
    "  layerSelector: {mediaType: application/vnd.cncf.helm.chart.content.v1.tar+gzip, operation: copy}",
    "  verify:   # refuse a chart the release workflow did not sign (see Verifying a release)",
    "    provider: cosign",
    "    matchOIDCIdentity:",
    `      - issuer: "^${githubOidcIssuer.replaceAll(".", "\\.")}$"`,
    `        subject: "${releaseWorkflowIdentity}"`,
    "---",
    "apiVersion: helm.toolkit.fluxcd.io/v2",
    "kind: HelmRelease",
    "metadata:",
    "  name: cryptoflow",
    "  namespace: trading",
    "spec:",
    "  interval: 10m",
    "  chartRef: {kind: OCIRepository, name: cryptoflow}",
    "  values:",
    "    existingSecret: cryptoflow-credentials",
    "```",
    "",
    "Flux runs `helm install`/`upgrade` itself, so the chart's hooks and lookups work there as with Helm;",
    "Argo CD runs neither: set `migrations.mode: argoCD` there (see Migrations).",
  ];
}

/** How the migrations Job is ordered under each deployer (migrations.mode), and when to pick which. */
function migrationsSection(): string[] {
  const readers = inWords(databaseReaders.map((name) => `\`${name}\``));
  return [
    "## Migrations",
    "",
    "A Job runs `alembic upgrade head` with the `api` image and `DATABASE_URL` (`migrations.enabled`). The",
    `database's readers, ${readers}, must not start before it has run; \`migrations.mode\` says who orders them:`,
    "",
    "| `migrations.mode` | The Job | Pick it when |",
    "| --- | --- | --- |",
    "| `helmHook` (default) | a Helm hook after install and before each upgrade, deleted once it succeeds | you deploy with `helm install`/`upgrade` or Flux's HelmRelease, which run Helm hooks |",
    `| \`argoCD\` | an Argo CD \`Sync\` hook (\`BeforeHookCreation,HookSucceeded\`) in sync wave ${syncWaves.migrations}, with no \`helm.sh/hook\` annotation | Argo CD deploys the chart |`,
    "| `plain` | an ordinary Job named `migrations-<hash of its spec>`; the readers wait for the schema in an init container | you apply `helm template` output (kubectl, Flux Kustomization, Argo CD without hooks), or want no hooks at all |",
    "",
    "Argo CD maps Helm's `pre-upgrade` hook to `PreSync`, which runs before anything else of the",
    "application, so with `helmHook` a first sync runs the Job before the Secret and PostgreSQL exist.",
    `\`argoCD\` instead writes sync waves: the shared Secret, ConfigMap and ServiceAccount and the datastores'`,
    `objects in wave ${syncWaves.prerequisites}, the Job in wave ${syncWaves.migrations}, the objects of ${readers} in wave`,
    `${syncWaves.databaseReaders} (NetworkPolicies and the other components stay in the default wave, 0). Argo CD starts a`,
    "wave once the previous one is healthy and its hooks have completed. Under",
    "`helm install`/`upgrade` that Job is an ordinary object whose pod template cannot change: use",
    "`argoCD` with Argo CD only.",
    "",
    "With `plain`, the Job's name carries a hash of its spec and of what `DATABASE_URL` is made of: the same",
    "values give the same name (two renders agree), a new image or database gives a new Job, and the old one,",
    "gone from the manifest, is deleted by Helm, Flux or Argo CD (with pruning; `kubectl apply` needs",
    `\`--prune\`). ${readers} each get a \`wait-for-schema\` init container: with their own image it compares`,
    "the Alembic head of the image's scripts with the database's revision, read-only, every 5 s, and",
    "starts the application once they match; after `migrations.schemaWaitSeconds` it fails and the",
    "kubelet retries it with back-off. `helm install --wait` then waits for the migrations through those",
    "Deployments (and for the Job itself with Helm 3's `--wait-for-jobs`). Render with",
    "`helm template --skip-tests` for kubectl: otherwise `helm test`'s pods are applied as ordinary Pods.",
    "A rollback to an image whose scripts do not know the database's revision leaves the readers",
    "waiting (their log says so): downgrade the schema with the newer image first.",
    "",
  ];
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
    markdownParagraph(
      [
        "For what the chart does not know about, each component",
        `(${components.map(({ valuesKey }) => `\`${valuesKey}\``).join(", ")}) and \`global\` take \`extraEnvFrom\`,`,
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
      ].join(" "),
    ),
    "",
    markdownParagraph(
      `\`commonLabels\` may not set the chart's own labels (${chartLabelKeys.map((key) => `\`${key}\``).join(", ")}). ` +
        "A StatefulSet's volumeClaimTemplates keep their labels: they cannot change after install. " +
        "An `extraObjects` entry that does not render to one object with `apiVersion`, `kind` and " +
        "`metadata.name` stops the render (`extraObjects[2] must render to a Kubernetes object …`), so " +
        "nothing is half-applied.",
    ),
    "",
    ...hatchExamples.flatMap(([key, note, yaml]) => [`\`${key}\`: ${note}.`, "", "```yaml", ...yaml, "```", ""]),
  ];
}

export function chartReadme(valuesSchema: SchemaNode, header: string): string {
  const services = componentsWithService.map(
    (definition) =>
      `| \`${definition.name}\` | ${definition.service.type} | ${definition.ports.map((port) => `${port.port} (${port.name})`).join(", ")} | ${cell(definition.description)} |`,
  );
  const readers = (name: string) =>
    clients
      .filter((client) => client.dependencies.some((edge) => edge.env.includes(name)))
      .map((client) => client.name)
      .join(", ");
  const variables = connectionVariables.map((variable) => {
    const meaning = variable.notReadUpstream
      ? `${variable.description}. **Handed out for the application to adopt:** ${variable.notReadUpstream}; the image recipe's patch makes them read it`
      : variable.description;
    const format = variable.format.replace("{password}", `\${${passwordKeyOf(variable)}}`);
    return `| \`${variable.name}\` | \`${cell(format)}\` | ${readers(variable.name)} | ${cell(meaning)} |`;
  });
  const datastoreKeys = datastores.map((definition) => definition.valuesKey);
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
    `helm install cryptoflow ${chartReference} --version ${chartMetadata.version} \\`,
    "  --namespace cryptoflow --create-namespace",
    "```",
    "",
    `Or from a clone of [the chart's repository](${projectHome}): \`helm install cryptoflow ./chart\`.`,
    `\`helm show values ${chartReference} --version ${chartMetadata.version}\` prints the values with their`,
    "descriptions. Each release is signed: see [Verifying a release](#verifying-a-release).",
    "",
    "Editors with the YAML language server (VS Code's YAML extension, Neovim, JetBrains) check `values.yaml` and",
    "the profiles against `values.schema.json` as you type: each file's first line names the schema. Start your",
    "own values file with `# yaml-language-server: $schema=<path to the chart>/values.schema.json` for the same.",
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
    ...shippedProfiles.map((profile) => markdownItem(`\`profiles/${profile.name}.yaml\`: ${profile.description}`)),
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
    `    repository: ${chartReference.replace(/\/cryptoflow$/, "")}   # or file://<path to this chart>`,
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
    "Each process receives the addresses of what it talks to, and no others, from the ConfigMap; `{host}` is",
    "the Service's fully qualified DNS name in the release namespace.",
    "",
    "| Variable | Value | Read by | Meaning |",
    "| --- | --- | --- | --- |",
    ...variables,
    "",
    `No manifest holds a password: where a URL needs one it says \`\${KEY}\`, and the container's start command`,
    "(`cryptoflow.withUrlPasswords`) puts in the password from the Secret's `KEY`, URL-encoded (any character",
    "works), before it starts the process, which then sees the finished URL and not the bare password. The",
    "migrations Job doubles `%` for Alembic's ConfigParser itself.",
    `The AI keys below are read by ${aiKeyReaders.join(", ")} only.`,
    "",
    ...dialedByName,
    "",
    "## The application image",
    "",
    `The application components (${inWords(applications.map(({ name }) => name))}) and the migrations Job run`,
    "one image, by default",
    `\`${applicationImage.registry}/${applicationImage.repository}:${chartMetadata.appVersion}\` (the tag is the chart's appVersion), which this`,
    "chart's release workflow builds from the application's source with `image/cryptoflow/` and publishes",
    "beside the chart. To run your own build, set `image.registry`, `image.repository` and `image.tag` (or",
    "`image.digest`). The image must contain what the chart starts: `/app/scripts/entrypoint.sh`",
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
    ...migrationsSection(),
    ...verifyingSection(),
    "## Credentials",
    "",
    "Passwords left empty are generated at install and kept across upgrades and rollbacks. To manage",
    "them yourself, set `existingSecret` to a Secret holding these keys, each password as it is (not",
    "encoded; any printable character):",
    "",
    ...passwordKeys.map((key) => `- \`${key}\``),
    ...aiKeys.map((key) => `- \`${key.env}\` (optional)`),
    "",
    "Where the chart can look it up (`helm install`/`upgrade` against the cluster), a Secret that exists but",
    "lacks a password is refused with the key's name. Under `helm template` (Argo CD) the chart cannot see",
    "it, and the Secret may be created after the release: a pod whose key is missing then waits in",
    "`CreateContainerConfigError`, and `kubectl describe pod` names the key. Chart versions before 0.6.0",
    "also read four connection URLs from this Secret; they are no longer read and can be removed.",
    "",
    ...gitOpsSection(),
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
