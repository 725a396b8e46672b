// The values contract: one TypeBox definition gives both the TypeScript type of the chart's
// values (`Values`) and values.schema.json. Defaults live here beside each key's description,
// and come from the component definitions, so values.yaml, the schema and the templates agree.
import { type Static, type TProperties, type TSchema, Type } from "@sinclair/typebox";
import { applicationImage } from "./chart.ts";
import { component } from "./components.ts";
import { aiKeys } from "./connections.ts";
import { databaseReaders } from "./graph.ts";
import * as pattern from "./patterns.ts";
import type { ComponentDefinition, ProbeDefault } from "./types.ts";

/** Our own objects: a misspelt key is an error, not a silently ignored setting. */
const strict = <T extends TProperties>(description: string, properties: T) =>
  Type.Object(properties, { description, additionalProperties: false });

/** A Kubernetes block passed through as it is (affinity, securityContext, …). */
const passThrough = (description: string, defaultValue: Record<string, unknown> = {}) =>
  Type.Record(Type.String(), Type.Unknown(), { description, default: defaultValue });

const text = (description: string, defaultValue: string, shape?: string) =>
  Type.String({ description, default: defaultValue, ...(shape ? { pattern: shape } : {}) });

const flag = (description: string, defaultValue: boolean) => Type.Boolean({ description, default: defaultValue });

const count = (description: string, defaultValue: number, minimum = 0) =>
  Type.Integer({ description, default: defaultValue, minimum });

const oneOf = <T extends string>(description: string, choices: readonly T[], defaultValue: T) =>
  Type.Unsafe<T>({ type: "string", enum: [...choices], description, default: defaultValue });

const portNumber = (description: string, defaultValue: number) =>
  Type.Integer({ description, default: defaultValue, minimum: 1, maximum: 65535 });

const stringMap = (description: string) => Type.Record(Type.String(), Type.String(), { description, default: {} });

const quantityValue = Type.Union([Type.String({ pattern: pattern.quantity }), Type.Number({ minimum: 0 })], {
  description: "a Kubernetes quantity such as 250m, 0.5, 512Mi or 2Gi",
});

const pullPolicies = ["Always", "IfNotPresent", "Never"] as const;

/**
 * Pull secrets in both forms people write: a Secret's name, or the pod spec's own `{name: …}`
 * (what Kubernetes and most charts take). Both are refused when the name is not a Secret name.
 */
const pullSecrets = (description: string) =>
  Type.Array(
    Type.Union(
      [
        Type.String({ pattern: pattern.dnsSubdomain, maxLength: 253 }),
        strict("a reference to a Secret", {
          name: Type.String({ description: "name: the Secret's name", pattern: pattern.dnsSubdomain, maxLength: 253 }),
        }),
      ],
      { description: "a Secret name, or {name: <Secret name>}" },
    ),
    { description, default: [] },
  );

/** The chart's own label keys: selectors and NetworkPolicies depend on them, so commonLabels may not set them. */
export const chartLabelKeys = [
  "app.kubernetes.io/name",
  "app.kubernetes.io/instance",
  "app.kubernetes.io/component",
  "app.kubernetes.io/version",
  "app.kubernetes.io/part-of",
  "app.kubernetes.io/managed-by",
  "helm.sh/chart",
  "cryptoflow.io/network-identity",
  "cryptoflow.io/test",
] as const;

/** A Kubernetes object body passed through: the fields named here are required and checked, the rest is open. */
const openObject = <T extends TProperties>(description: string, properties: T) =>
  Type.Object(properties, { description, additionalProperties: true });

const list = <T extends TSchema>(description: string, item: T) => Type.Array(item, { description, default: [] });

const containerName = (what: string) =>
  Type.String({ description: `name: the ${what}'s name (a DNS label)`, pattern: pattern.dnsLabel, maxLength: 63 });

/**
 * The escape hatches for a pod: containers, volumes and env sources the chart does not know, as
 * Kubernetes takes them. Only the fields Kubernetes cannot do without are required and checked;
 * the rest of each body passes through. `where` says whose pods they reach and how they combine.
 */
function podHatches(where: { global: boolean; owner: string }) {
  /** Whose pods an addition reaches, and where it goes in the list: `global`'s first, then the component's. */
  const reach = (key: string, job: boolean) =>
    where.global
      ? `every component's pod${job ? " and the migrations Job" : ""}, before the component's own ${key}`
      : `the ${where.owner} pods, after global.${key}`;
  const envFromSource = (reference: "configMapRef" | "secretRef", kind: string) =>
    strict(`an EnvFromSource reading every key of a ${kind}`, {
      [reference]: openObject(`${reference}: the ${kind}`, {
        name: Type.String({ description: `name: the ${kind}'s name`, pattern: pattern.dnsSubdomain, maxLength: 253 }),
      }),
      prefix: Type.Optional(Type.String({ description: "prefix: put before every variable's name" })),
    });
  const nameAndImage = (what: string) => ({
    name: containerName(what),
    image: Type.String({ description: "image: the container image, pinned by tag or digest", minLength: 1 }),
  });
  const restricted = "with a securityContext that meets Pod Security's restricted profile";
  return {
    extraEnvFrom: Type.Array(
      Type.Union([envFromSource("configMapRef", "ConfigMap"), envFromSource("secretRef", "Secret")], {
        description: "{configMapRef: {name: …}} or {secretRef: {name: …}}, with an optional prefix",
      }),
      {
        description: `extraEnvFrom: ConfigMaps and Secrets whose keys become environment variables of the main container, in ${reach("extraEnvFrom", true)}; a variable the chart sets wins over one of the same name`,
        default: [],
      },
    ),
    extraVolumes: list(
      `extraVolumes: Volumes for ${reach("extraVolumes", true)} (configMap, secret, emptyDir, projected, csi…; hostPath breaks Pod Security's restricted profile)`,
      openObject("a Volume", { name: containerName("volume") }),
    ),
    extraVolumeMounts: list(
      `extraVolumeMounts: VolumeMounts of the main container, in ${reach("extraVolumeMounts", true)}, each naming a volume of the pod or of extraVolumes`,
      openObject("a VolumeMount", {
        name: Type.String({ description: "name: the volume to mount", pattern: pattern.dnsLabel, maxLength: 63 }),
        mountPath: Type.String({ description: "mountPath: where the volume appears in the container", pattern: "^/" }),
      }),
    ),
    initContainers: list(
      `initContainers: Containers run to completion, in order, before the main container starts, in ${reach("initContainers", true)}; each ${restricted}`,
      openObject("a Container", nameAndImage("init container")),
    ),
    sidecars: list(
      `sidecars: Containers run beside the main container, in ${reach("sidecars", false)}${where.global ? " (not in the migrations Job, which would never complete)" : ""}; each ${restricted}, and the connections they open need networkPolicy.extraEgress`,
      openObject("a Container", nameAndImage("sidecar")),
    ),
    priorityClassName: Type.String({
      description: where.global
        ? "priorityClassName: the PriorityClass of every component's pod and of the migrations Job, unless the component names its own (empty: the cluster default)"
        : `priorityClassName: the PriorityClass of the ${where.owner} pods${where.owner === "api" ? " and the migrations Job" : ""}; wins over global.priorityClassName (empty: global.priorityClassName)`,
      default: "",
      pattern: `^$|${pattern.dnsSubdomain}`,
      maxLength: 253,
    }),
  };
}

/** A label value: at most 63 characters, alphanumeric at both ends. */
const labelValue = Type.String({ pattern: pattern.labelValue, maxLength: 63 });

function image(
  description: string,
  defaults: { registry: string; repository: string; tag: string; pullPolicy: string },
) {
  const inherits = defaults.repository === "";
  return strict(description, {
    registry: text(
      inherits ? "registry: image registry (empty: image.registry)" : "registry: image registry host",
      defaults.registry,
      pattern.imageRegistry,
    ),
    repository: text(
      inherits ? "repository: image repository (empty: image.repository)" : "repository: image repository",
      defaults.repository,
      `^$|${pattern.imageRepository}`,
    ),
    tag: Type.String({
      description: inherits
        ? "tag: image tag (empty: image.tag, then the chart's appVersion)"
        : defaults.tag
          ? "tag: image tag (pinned)"
          : "tag: image tag (empty: the chart's appVersion)",
      default: defaults.tag,
      pattern: pattern.imageTag,
      maxLength: 128,
    }),
    digest: Type.Union(
      [Type.Literal(""), Type.String({ pattern: pattern.imageDigest, minLength: 71, maxLength: 71 })],
      { description: "digest: image digest, sha256: and 64 hex digits; wins over the tag when set", default: "" },
    ),
    pullPolicy: inherits
      ? Type.Unsafe<string>({
          type: "string",
          enum: ["", ...pullPolicies],
          description: "pullPolicy: image pull policy (empty: image.pullPolicy)",
          default: "",
        })
      : oneOf("pullPolicy: image pull policy", pullPolicies, "IfNotPresent"),
  });
}

function resources(
  defaults: ComponentDefinition["resources"],
  description = "container requests and limits (sized for a laptop cluster)",
) {
  const quantities = (text: string, values: Record<string, string>) =>
    Type.Record(Type.String(), quantityValue, { description: text, default: values });
  return Type.Object(
    {
      requests: quantities("requests: what the scheduler reserves", defaults.requests),
      limits: quantities("limits: the most the container may use", defaults.limits),
    },
    { description: `resources: ${description}` },
  );
}

function probe(name: string, defaults: ProbeDefault) {
  return strict(`${name}: timings of the ${name.replace("Probe", "")} probe (the check itself is fixed by the image)`, {
    enabled: flag("enabled: run this probe", true),
    initialDelaySeconds: count("initialDelaySeconds: wait before the first check", defaults.initialDelaySeconds),
    periodSeconds: count("periodSeconds: time between checks", defaults.periodSeconds, 1),
    timeoutSeconds: count("timeoutSeconds: time one check may take", defaults.timeoutSeconds, 1),
    failureThreshold: count("failureThreshold: failed checks in a row before acting", defaults.failureThreshold, 1),
  });
}

/** An int-or-percent field of a rolling update (`1`, `25%`). */
const intOrPercent = (description: string, defaultValue: number) =>
  Type.Union([Type.Integer({ minimum: 0 }), Type.String({ pattern: "^[0-9]+%$" })], {
    description,
    default: defaultValue,
  });

/** A Deployment's update strategy, as strict as the rest: a misspelt key is refused, not sent to the API server. */
function deploymentStrategy(description: string, type: "Recreate" | "RollingUpdate") {
  return strict(`strategy: ${description}`, {
    type: oneOf("type: Recreate or RollingUpdate", ["Recreate", "RollingUpdate"] as const, type),
    rollingUpdate: strict("rollingUpdate: how fast a rolling update goes (used with type RollingUpdate only)", {
      maxSurge: intOrPercent("maxSurge: pods above the desired count during the update (a number or a percentage)", 1),
      maxUnavailable: intOrPercent(
        "maxUnavailable: pods below the desired count during the update (a number or a percentage)",
        0,
      ),
    }),
  });
}

function service(definition: ComponentDefinition) {
  const type = definition.service?.type ?? "ClusterIP";
  const ports = Object.fromEntries(
    definition.ports.map((port) => [
      port.name,
      portNumber(`${port.name}: Service port for ${port.description}`, port.port),
    ]),
  );
  // Helm deletes keys whose value is null, so "let Kubernetes choose" is an absent key, not a null one.
  const nodePorts = Object.fromEntries(
    definition.ports.map((port) => {
      const fixed = definition.service?.nodePorts?.[port.name];
      const description = `${port.name}: fixed nodePort (30000-32767) when the type is NodePort or LoadBalancer; leave it out to let Kubernetes choose`;
      const schema = Type.Integer({
        minimum: 30000,
        maximum: 32767,
        description,
        ...(fixed ? { default: fixed } : {}),
      });
      return [port.name, Type.Optional(schema)];
    }),
  );
  return strict(`service: the ${definition.name} Service (its name is the component's name)`, {
    type: oneOf("type: Service type", ["ClusterIP", "NodePort", "LoadBalancer"] as const, type),
    ports: strict("ports: Service ports by name", ports),
    nodePorts: strict("nodePorts: node ports by port name", nodePorts),
    sessionAffinity: oneOf(
      `sessionAffinity: ClientIP keeps each client on one pod${definition.service?.sessionAffinityNote ? ` (required with more than one pod: ${definition.service.sessionAffinityNote})` : ""}`,
      ["None", "ClientIP"] as const,
      definition.service?.sessionAffinity ?? "None",
    ),
    annotations: stringMap("annotations: extra Service annotations"),
  });
}

/** Settings every workload has, whatever it runs. */
function workload(definition: ComponentDefinition) {
  return {
    imagePullSecrets: pullSecrets(
      `imagePullSecrets: Secrets to pull the ${definition.name} image with${definition.name === "api" ? " (and the migrations Job's)" : ""}, added to global.imagePullSecrets: names or {name: …}`,
    ),
    replicaCount: count(`replicaCount: number of ${definition.name} pods`, definition.replicaCount),
    resources: resources(definition.resources),
    // Only components with a check of their own get probe settings: one that could not work is refused.
    ...(definition.livenessProbe ? { livenessProbe: probe("livenessProbe", definition.livenessProbe) } : {}),
    ...(definition.readinessProbe ? { readinessProbe: probe("readinessProbe", definition.readinessProbe) } : {}),
    podSecurityContext: passThrough("podSecurityContext: pod-level securityContext", {
      runAsNonRoot: true,
      runAsUser: definition.runAsUser,
      runAsGroup: definition.runAsGroup,
      fsGroup: definition.runAsGroup,
      // Change a volume's group only when its root does not match yet: a recursive change on every
      // mount would make RabbitMQ's Erlang cookie group-readable, and the node refuses to start.
      ...(definition.data ? { fsGroupChangePolicy: "OnRootMismatch" } : {}),
      seccompProfile: { type: "RuntimeDefault" },
    }),
    containerSecurityContext: passThrough(
      `containerSecurityContext: container securityContext${
        definition.readOnlyRootFilesystemNote
          ? ` (root filesystem writable: ${definition.readOnlyRootFilesystemNote})`
          : ""
      }`,
      {
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: definition.readOnlyRootFilesystem,
        runAsNonRoot: true,
        capabilities: { drop: ["ALL"] },
      },
    ),
    podAnnotations: stringMap("podAnnotations: extra pod annotations"),
    podLabels: stringMap("podLabels: extra pod labels (never used in selectors)"),
    nodeSelector: stringMap("nodeSelector: node labels the pods must match"),
    tolerations: Type.Array(Type.Record(Type.String(), Type.Unknown()), {
      description: "tolerations: pod tolerations",
      default: [],
    }),
    affinity: passThrough("affinity: pod affinity rules"),
    networkPolicy: strict("networkPolicy: rules added to this component's NetworkPolicy", {
      extraIngress: Type.Array(passThrough("a NetworkPolicyIngressRule"), {
        description: "extraIngress: extra NetworkPolicyIngressRules (who else may connect to these pods)",
        default: [],
      }),
      extraEgress: Type.Array(passThrough("a NetworkPolicyEgressRule"), {
        description: "extraEgress: extra NetworkPolicyEgressRules (what else these pods may connect to)",
        default: [],
      }),
    }),
    extraEnv: Type.Array(Type.Object({ name: Type.String({ minLength: 1 }) }, { additionalProperties: true }), {
      description: "extraEnv: extra container environment variables (EnvVar objects)",
      default: [],
    }),
    ...podHatches({ global: false, owner: definition.name }),
  };
}

/** Settings of the stateless application components: how they roll, scale and spread. */
function scaling(definition: ComponentDefinition) {
  return {
    strategy: deploymentStrategy("the Deployment's update strategy", "RollingUpdate"),
    autoscaling: strict("autoscaling: a HorizontalPodAutoscaler on CPU; replicaCount is then ignored", {
      enabled: flag("enabled: scale with a HorizontalPodAutoscaler", false),
      minReplicas: count("minReplicas: fewest pods", Math.max(2, definition.replicaCount), 1),
      maxReplicas: count("maxReplicas: most pods", 5, 1),
      targetCPUUtilizationPercentage: Type.Integer({
        description: "targetCPUUtilizationPercentage: average CPU use, in percent of requests, to scale at",
        default: 75,
        minimum: 1,
        maximum: 100,
      }),
    }),
    podDisruptionBudget: strict(
      "podDisruptionBudget: keep pods running through node drains whenever more than one replica runs",
      {
        enabled: flag("enabled: render a PodDisruptionBudget when the workload has more than one replica", true),
        maxUnavailable: count("maxUnavailable: pods a voluntary disruption may take at once", 1, 1),
      },
    ),
    podAntiAffinityPreset: oneOf(
      "podAntiAffinityPreset: keep replicas off one node: soft prefers it, hard requires it (used when affinity is empty)",
      ["soft", "hard", "none"] as const,
      "soft",
    ),
    topologySpread: strict("topologySpread: spread the pods across nodes", {
      enabled: flag("enabled: add a topologySpreadConstraint for these pods", false),
      topologyKey: text("topologyKey: node label to spread across", "kubernetes.io/hostname"),
      maxSkew: count("maxSkew: largest allowed difference in pods between two domains", 1, 1),
      whenUnsatisfiable: oneOf(
        "whenUnsatisfiable: what the scheduler does when it cannot spread",
        ["DoNotSchedule", "ScheduleAnyway"] as const,
        "ScheduleAnyway",
      ),
    }),
  };
}

const ingress = strict("ingress: publish the API through an Ingress controller", {
  enabled: flag("enabled: render an Ingress for the API", false),
  className: text("className: IngressClass name (empty: the cluster default)", ""),
  host: text("host: the host name users call", "cryptoflow.local", pattern.dnsSubdomain),
  path: text("path: path prefix routed to the API", "/", "^/"),
  annotations: stringMap("annotations: Ingress annotations (e.g. cert-manager's cluster-issuer)"),
  tls: strict("tls: serve HTTPS", {
    enabled: flag("enabled: terminate TLS at the Ingress", false),
    secretName: text(
      "secretName: Secret holding the certificate (cert-manager can create it)",
      "cryptoflow-tls",
      pattern.dnsSubdomain,
    ),
  }),
});

function applicationValues(name: string) {
  const definition = component(name);
  return strict(`${definition.valuesKey}: ${definition.description}`, {
    image: image("image: overrides of the shared application image", {
      registry: "",
      repository: "",
      tag: "",
      pullPolicy: "",
    }),
    ...workload(definition),
    ...scaling(definition),
    ...(definition.service ? { service: service(definition) } : {}),
    ...(definition.service?.type === "NodePort" ? { ingress } : {}),
  });
}

function externalValues(definition: ComponentDefinition) {
  const external = definition.external;
  const port = definition.ports[0];
  if (!external || !port) throw new Error(`${definition.name} has no external service settings`);
  const properties: TProperties = {
    host: text(`host: host name of ${external.description}, used when ${definition.valuesKey}.enabled is false`, ""),
    port: portNumber(`port: its ${port.description} port`, port.port),
  };
  if (definition.auth?.defaultUsername)
    properties.username = text("username: user to connect as", definition.auth.defaultUsername);
  if (definition.auth?.defaultDatabase)
    properties.database = text(
      "database: database to use (letters, digits, _ . -: it goes into the URL as it is)",
      definition.auth.defaultDatabase,
      pattern.databaseName,
    );
  if (definition.auth) {
    properties.password = text(`password: its password (or put ${definition.auth.passwordKey} in existingSecret)`, "");
  }
  properties.egressCidr = text(
    "egressCidr: addresses the NetworkPolicies let clients reach it at, on its port only",
    "0.0.0.0/0",
    pattern.cidr,
  );
  return strict(
    `${external.valuesKey}: ${external.description}, used instead of the bundled ${definition.name}`,
    properties,
  );
}

function datastoreValues(name: string) {
  const definition = component(name);
  const auth = definition.auth;
  const { data, image: imageDefault } = definition;
  if (!data || !imageDefault) throw new Error(`${name} is a datastore without its own image and data directory`);
  const authProperties: TProperties = {};
  if (auth?.defaultUsername)
    authProperties.username = text("username: user the application connects as", auth.defaultUsername);
  if (auth?.defaultDatabase)
    authProperties.database = text(
      "database: database the application uses (letters, digits, _ . -: it goes into the URL as it is)",
      auth.defaultDatabase,
      pattern.databaseName,
    );
  if (auth) {
    authProperties.password = text(
      `password: password (empty: generated once, then kept across upgrades; ignored with existingSecret, which holds ${auth.passwordKey})`,
      "",
    );
  }
  return strict(`${definition.valuesKey}: ${definition.description}`, {
    enabled: flag(
      `enabled: run ${definition.name} in the release (false: use ${definition.external?.valuesKey} instead)`,
      true,
    ),
    workload: oneOf(
      "workload: Deployment (local development) or StatefulSet (production: volumeClaimTemplates, stable identity)",
      ["Deployment", "StatefulSet"] as const,
      "Deployment",
    ),
    strategy: deploymentStrategy(
      "the Deployment's update strategy (Recreate: never two pods on one data directory)",
      "Recreate",
    ),
    image: image("image: container image", { ...imageDefault, pullPolicy: "IfNotPresent" }),
    ...workload(definition),
    service: service(definition),
    ...(auth ? { auth: strict("auth: credentials", authProperties) } : {}),
    persistence: strict(`persistence: keep ${data.mountPath} in a PersistentVolumeClaim instead of an emptyDir`, {
      enabled: flag("enabled: use a PersistentVolumeClaim (an emptyDir loses the data with the pod)", false),
      size: text("size: requested storage", data.size, pattern.quantity),
      storageClass: text(
        'storageClass: StorageClass name ("" uses the cluster default, "-" asks for none)',
        "",
        `^(-|${pattern.dnsSubdomain.slice(1, -1)})?$`,
      ),
      accessModes: Type.Array(
        oneOf("access mode", ["ReadWriteOnce", "ReadWriteOncePod", "ReadWriteMany"] as const, "ReadWriteOnce"),
        {
          description: "accessModes: PVC access modes",
          default: ["ReadWriteOnce"],
          minItems: 1,
        },
      ),
      keepOnUninstall: flag(
        "keepOnUninstall: keep the PVC, and the chart's Secret that holds its password, after helm uninstall",
        true,
      ),
      existingClaim: text(
        "existingClaim: use this existing PVC instead of creating one",
        "",
        `^$|${pattern.dnsSubdomain}`,
      ),
      annotations: stringMap("annotations: extra PVC annotations"),
    }),
  });
}

export const profiles = ["local", "ci", "staging", "production"] as const;

/** The components that wait for the schema with migrations.mode=plain, for descriptions. */
const readers = databaseReaders.join(" and ");

export const valuesSchema = strict("Values of the CryptoFlow chart", {
  profile: oneOf(
    "profile: the environment these values are for; production refuses generated passwords",
    profiles,
    "local",
  ),
  global: Type.Object(
    {
      imageRegistry: text(
        "imageRegistry: registry for every image, overriding each image's own",
        "",
        pattern.imageRegistry,
      ),
      imagePullSecrets: pullSecrets(
        "imagePullSecrets: Secrets used to pull every image, as names or {name: …} (each component may add its own)",
      ),
      clusterDomain: text(
        "clusterDomain: the cluster's DNS domain, used in connection strings",
        "cluster.local",
        pattern.dnsSubdomain,
      ),
      ...podHatches({ global: true, owner: "" }),
    },
    {
      description: "global: settings shared with parent charts (a parent's other global keys are accepted)",
      additionalProperties: true,
    },
  ),
  enabled: flag(
    "enabled: read by a parent chart's `condition: cryptoflow.enabled`, which leaves the whole chart out when false; on its own the chart refuses false (use helm uninstall)",
    true,
  ),
  nameOverride: Type.String({
    description:
      "nameOverride: replaces the chart's name (cryptoflow, or a parent's alias) in the app.kubernetes.io/name label and in the shared objects' names (<name>-config, <name>-secrets, the ServiceAccount) when nothing prefixes them; set it at install: selectors cannot change later",
    default: "",
    pattern: `^$|${pattern.dnsLabel}`,
    maxLength: 63,
  }),
  fullnameOverride: Type.String({
    description:
      "fullnameOverride: prefix every object's name with this, whatever prefixWithReleaseName says: <fullnameOverride>-<component>, <fullnameOverride>-config, <fullnameOverride>-secrets, the ServiceAccount <fullnameOverride> (a DNS label of at most 53 characters, Helm's limit for a release name, so every suffix fits; the application still dials `chroma` itself)",
    default: "",
    pattern: `^$|${pattern.dnsLabel}`,
    maxLength: 53,
  }),
  commonLabels: Type.Record(Type.String({ pattern: pattern.qualifiedName }), labelValue, {
    description: `commonLabels: labels added to every object the chart renders (hooks, helm test pods and extraObjects included; an extraObject's own labels win) and to every pod template, never to selectors; the chart's own keys (${chartLabelKeys.join(", ")}) are refused`,
    default: {},
    additionalProperties: false,
  }),
  commonAnnotations: Type.Record(Type.String({ pattern: pattern.qualifiedName }), Type.String(), {
    description:
      "commonAnnotations: annotations added to every object the chart renders (hooks, helm test pods and extraObjects included; an object's own annotations win), not to pod templates: pods take podAnnotations",
    default: {},
    additionalProperties: false,
  }),
  extraObjects: Type.Array(
    Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.String({ minLength: 1 })], {
      description: "a Kubernetes object, as a map or as YAML text",
    }),
    {
      description:
        "extraObjects: more objects to render with the release, each a map or YAML text, templated with tpl first (`{{ .Release.Name }}`, `{{ .Values.… }}` and the chart's named templates work); each must render to one object with apiVersion, kind and metadata.name",
      default: [],
    },
  ),
  prefixWithReleaseName: flag(
    "prefixWithReleaseName: name every object <release>-<component> so two releases can share a namespace (the application still dials `chroma` itself)",
    false,
  ),
  image: image("image: the CryptoFlow application image, shared by api, worker, mcp, market-data and order-service", {
    registry: applicationImage.registry,
    repository: applicationImage.repository,
    tag: "",
    pullPolicy: "IfNotPresent",
  }),
  existingSecret: text(
    "existingSecret: a Secret you manage (sealed-secrets, External Secrets…) holding the passwords POSTGRES_PASSWORD, REDIS_PASSWORD and RABBITMQ_PASSWORD as they are, and optionally the AI keys (see README); the chart then renders none, and the pods build their URLs from it",
    "",
    `^$|${pattern.dnsSubdomain}`,
  ),
  ai: strict(
    "ai: optional AI credentials, stored in the chart's Secret; empty turns the feature off",
    Object.fromEntries(
      aiKeys.map((key) => [key.valuesKey, text(`${key.valuesKey}: ${key.description} (${key.env})`, "")]),
    ),
  ),
  serviceAccount: strict("serviceAccount: the identity of every pod (its API token is never mounted)", {
    create: flag("create: create the ServiceAccount", true),
    name: text("name: its name (empty: the chart's base name)", "", `^$|${pattern.dnsSubdomain}`),
    annotations: stringMap("annotations: extra ServiceAccount annotations"),
  }),
  networkPolicy: strict(
    "networkPolicy: default-deny NetworkPolicies that allow exactly the connections of the dependency graph (needs a CNI that enforces them: kind >= 0.24, Calico, Cilium)",
    {
      enabled: flag("enabled: render the NetworkPolicies", true),
      apiIngressFrom: Type.Array(passThrough("a NetworkPolicyPeer"), {
        description:
          "apiIngressFrom: NetworkPolicyPeers allowed to reach the API; empty allows every source (NodePort traffic arrives from outside the namespace)",
        default: [],
      }),
      mcpClientsFrom: Type.Array(passThrough("a NetworkPolicyPeer"), {
        description:
          "mcpClientsFrom: NetworkPolicyPeers allowed to reach the MCP server (MCP clients such as agents or IDE bridges); by default pods of the release namespace labelled cryptoflow.io/mcp-client=true; empty allows every source",
        default: [{ podSelector: { matchLabels: { "cryptoflow.io/mcp-client": "true" } } }],
      }),
      aiProviders: strict(
        "aiProviders: HTTPS from the MCP server to the AI providers (and Hugging Face, where its embedding model comes from), outside the cluster",
        {
          allow: oneOf(
            "allow: whenKeySet (an ai.* key is set in values), always (the keys are in existingSecret), or never",
            ["whenKeySet", "always", "never"] as const,
            "whenKeySet",
          ),
          ipBlocks: Type.Array(
            strict("an address block", {
              cidr: Type.String({ description: "cidr: the block", pattern: pattern.cidr }),
              except: Type.Array(Type.String({ pattern: pattern.cidr }), {
                description: "except: parts of the block not allowed",
                default: [],
              }),
            }),
            {
              description:
                "ipBlocks: where the providers may be; the default is every IPv4 address outside the private ranges a cluster uses",
              default: [{ cidr: "0.0.0.0/0", except: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"] }],
              minItems: 1,
            },
          ),
          port: portNumber("port: the providers' HTTPS port", 443),
        },
      ),
      dns: strict("dns: where the cluster DNS runs; every pod may query it on port 53 (UDP and TCP)", {
        namespaceSelector: passThrough("namespaceSelector: the DNS namespace", {
          matchLabels: { "kubernetes.io/metadata.name": "kube-system" },
        }),
        podSelector: passThrough("podSelector: the DNS pods", { matchLabels: { "k8s-app": "kube-dns" } }),
      }),
    },
  ),
  tests: strict(
    "tests: the `helm test` pods that check DNS, every allowed connection and the API from inside the release",
    {
      image: image("image: a small image with nslookup, nc and wget", {
        registry: "docker.io",
        repository: "library/busybox",
        tag: "1.37.0",
        pullPolicy: "IfNotPresent",
      }),
      imagePullSecrets: pullSecrets(
        "imagePullSecrets: Secrets to pull the test image with, added to global.imagePullSecrets: names or {name: …}",
      ),
      resources: resources(
        {
          requests: { cpu: "10m", memory: "16Mi", "ephemeral-storage": "8Mi" },
          limits: { cpu: "100m", memory: "64Mi", "ephemeral-storage": "64Mi" },
        },
        "test container requests and limits",
      ),
    },
  ),
  migrations: strict(
    "migrations: the Job that runs `alembic upgrade head`, and how it is ordered before the database's readers",
    {
      enabled: flag("enabled: run database migrations (how: migrations.mode)", true),
      mode: oneOf(
        `mode: how the Job is ordered. helmHook: a Helm hook after install and before each upgrade (helm install/upgrade, Flux's HelmRelease); argoCD: an Argo CD Sync hook in a sync wave after the Secret, ConfigMap and datastores and before ${readers}; plain: no hooks (kubectl apply, Flux, Argo CD without hooks): a Job named after a hash of its spec, and ${readers} wait in an init container until the schema is at Alembic's head`,
        ["helmHook", "argoCD", "plain"] as const,
        "helmHook",
      ),
      whenScriptsMissing: oneOf(
        "whenScriptsMissing: what the Job does in an image without Alembic's migrations/ folder (the upstream Dockerfile's): skip (log it, leave the schema uncreated, the release succeeds) or fail",
        ["skip", "fail"] as const,
        "skip",
      ),
      backoffLimit: count("backoffLimit: retries while PostgreSQL is still starting", 6),
      activeDeadlineSeconds: count("activeDeadlineSeconds: give up after this long", 900, 1),
      schemaWaitSeconds: count(
        `schemaWaitSeconds: with mode plain, how long the init container of ${readers} waits for the schema at Alembic's head before it fails (the kubelet then restarts it with back-off)`,
        900,
        1,
      ),
      resources: resources(
        component("api").resources,
        "requests and limits of the Job's container and of the wait-for-schema init containers (mode plain)",
      ),
    },
  ),
  externalDatabase: externalValues(component("postgres")),
  externalRedis: externalValues(component("redis")),
  externalRabbitmq: externalValues(component("rabbitmq")),
  externalChroma: externalValues(component("chroma")),
  api: applicationValues("api"),
  worker: applicationValues("worker"),
  mcp: applicationValues("mcp"),
  marketData: applicationValues("market-data"),
  orderService: applicationValues("order-service"),
  postgres: datastoreValues("postgres"),
  redis: datastoreValues("redis"),
  rabbitmq: datastoreValues("rabbitmq"),
  chroma: datastoreValues("chroma"),
});

export type Values = Static<typeof valuesSchema>;
