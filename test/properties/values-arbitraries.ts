// fast-check generators of values sets: valid ones spanning the chart's knobs, and mutations of
// them that break exactly one rule, each carrying the key its error must name.
import fc from "fast-check";
import {
  applications as applicationNames,
  datastoreAccess,
  datastores as datastoreNames,
  valuesKeys,
} from "../expectations.ts";

export type ValuesSet = Record<string, unknown>;

export interface Case {
  release: string;
  namespace: string;
  values: ValuesSet;
}

export interface BrokenCase extends Case {
  /** What the mutation did, for the failure report. */
  mutation: string;
  /** The key the error must name. */
  key: string;
}

const applications = applicationNames.map((name) => valuesKeys[name]);
/** The datastores by values key, with their managed service's key and whether they take a password. */
export const datastores = datastoreNames.map((name) => ({ key: valuesKeys[name], ...datastoreAccess[name] }));

const dnsName = fc.stringMatching(/^[a-z][a-z0-9-]{0,14}[a-z0-9]$/);
/** A prefix for every name: short, or as long as fullnameOverride may be (53, Helm's limit for a release name). */
const namePrefix = fc.oneof(dnsName, fc.stringMatching(/^[a-z][a-z0-9-]{51}[a-z0-9]$/));
/** Pull secrets in both forms people write them. */
const pullSecrets = fc.array(
  fc.oneof(
    dnsName,
    dnsName.map((name) => ({ name })),
  ),
  { maxLength: 2 },
);
const password = fc.stringMatching(/^[A-Za-z0-9@:/%+._~-]{8,24}$/);
const cpu = fc.integer({ min: 10, max: 2000 }).map((millicores) => `${millicores}m`);
const memory = fc.integer({ min: 16, max: 4096 }).map((mebibytes) => `${mebibytes}Mi`);
const size = fc.integer({ min: 1, max: 500 }).map((gibibytes) => `${gibibytes}Gi`);
const optional = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined });

/** Drops the keys whose value is undefined, so YAML and helm see only what was chosen. */
function compact<T>(value: T): T {
  if (Array.isArray(value)) return value.map(compact) as T;
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, child]) => child !== undefined)
        .map(([key, child]) => [key, compact(child)]),
    ) as T;
  }
  return value;
}

/**
 * Escape hatches a careful user writes: containers that meet Pod Security's restricted profile
 * with pinned images, volumes and env sources that name objects the release renders (through
 * extraObjects, whose names go through tpl) or mark themselves optional. `owner` prefixes every
 * name, so global's and a component's never meet each other or the chart's own.
 */
const hatchPick = fc.record({
  initContainers: fc.integer({ min: 0, max: 2 }),
  sidecars: fc.integer({ min: 0, max: 2 }),
  volumes: fc.integer({ min: 0, max: 2 }),
  envFrom: fc.array(fc.constantFrom<"config" | "secret" | "optional">("config", "secret", "optional"), {
    maxLength: 3,
  }),
  priorityClassName: optional(dnsName),
  digest: fc.boolean(),
});

type HatchPick = typeof hatchPick extends fc.Arbitrary<infer T> ? T : never;

/** The objects extraObjects renders for the hatches to name: `<release>-hatch-config` and `-secret`. */
const hatchObjects = [
  {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: "{{ .Release.Name }}-hatch-config" },
    data: { HATCH_SETTING: "on", "settings.ini": "[hatch]\nnamespace = {{ .Release.Namespace }}\n" },
  },
  [
    "apiVersion: v1",
    "kind: Secret",
    "metadata:",
    "  name: {{ .Release.Name }}-hatch-secret",
    "stringData:",
    "  HATCH_TOKEN: not-a-real-token",
  ].join("\n"),
];

function hatches(owner: string, pick: HatchPick, release: string) {
  const restricted = { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } };
  const image = pick.digest ? `busybox@sha256:${"ab".repeat(32)}` : "busybox:1.37.0";
  const container = (kind: string, index: number) => ({
    name: `${owner}-${kind}-${index}`,
    image,
    command: ["sh", "-c", "true"],
    securityContext: restricted,
  });
  const volumes = Array.from({ length: pick.volumes }, (_, index) =>
    index === 0
      ? { name: `${owner}-vol-${index}`, configMap: { name: `${release}-hatch-config` } }
      : { name: `${owner}-vol-${index}`, emptyDir: {} },
  );
  const envFrom = pick.envFrom.map((source, index) =>
    source === "config"
      ? { configMapRef: { name: `${release}-hatch-config` } }
      : source === "secret"
        ? { secretRef: { name: `${release}-hatch-secret` }, prefix: `H${index}_` }
        : { configMapRef: { name: `${owner}-maybe`, optional: true } },
  );
  return compact({
    initContainers: Array.from({ length: pick.initContainers }, (_, index) => container("init", index)),
    sidecars: Array.from({ length: pick.sidecars }, (_, index) => container("side", index)),
    extraVolumes: volumes,
    extraVolumeMounts: volumes.map((volume) => ({ name: volume.name, mountPath: `/extra/${volume.name}` })),
    extraEnvFrom: envFrom,
    priorityClassName: pick.priorityClassName,
  });
}

const application = (key: (typeof applications)[number]) =>
  fc
    .record({
      replicaCount: fc.integer({ min: 0, max: 5 }),
      autoscale: fc.boolean(),
      minReplicas: fc.integer({ min: 1, max: 3 }),
      extraReplicas: fc.integer({ min: 0, max: 4 }),
      pdb: fc.boolean(),
      spread: fc.boolean(),
      requests: fc.record({ cpu, memory }),
      serviceType: fc.constantFrom("ClusterIP", "NodePort", "LoadBalancer"),
    })
    .map((choice) =>
      compact({
        replicaCount: choice.replicaCount,
        autoscaling: {
          enabled: choice.autoscale,
          minReplicas: choice.minReplicas,
          maxReplicas: choice.minReplicas + choice.extraReplicas,
        },
        podDisruptionBudget: { enabled: choice.pdb },
        topologySpread: { enabled: choice.spread },
        resources: { requests: choice.requests },
        // Only the API has a fixed nodePort, so other Services may change type freely.
        service: key === "worker" || key === "api" ? undefined : { type: choice.serviceType },
      }),
    );

type DatastoreMode = "deployment" | "persistent-deployment" | "statefulset" | "external";

interface DatastorePick {
  mode: DatastoreMode;
  size: string;
  host: string;
  port: number;
  password?: string;
}

const datastoreChoice: fc.Arbitrary<DatastorePick> = fc.record({
  mode: fc.constantFrom<DatastoreMode>("deployment", "persistent-deployment", "statefulset", "external"),
  size,
  host: dnsName.map((name) => `${name}.example.com`),
  port: fc.integer({ min: 1, max: 65535 }),
  password: optional(password),
});

export const validCase: fc.Arbitrary<Case> = fc
  .record({
    release: fc.constantFrom("cryptoflow", "blue", "release-with-a-rather-long-name-for-dns"),
    namespace: fc.constantFrom("default", "trading", "staging-2"),
    prefix: fc.boolean(),
    nameOverride: optional(dnsName),
    fullnameOverride: optional(namePrefix),
    asSubchart: fc.boolean(),
    globalPullSecrets: pullSecrets,
    apiPullSecrets: pullSecrets,
    postgresPullSecrets: pullSecrets,
    migrationsWhenMissing: fc.constantFrom("skip", "fail"),
    migrationsMode: fc.constantFrom("helmHook", "argoCD", "plain"),
    aiProviders: fc.constantFrom("whenKeySet", "always"),
    clusterDomain: fc.constantFrom("cluster.local", "corp.local"),
    tag: optional(fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,20}$/)),
    digest: optional(fc.stringMatching(/^[a-f0-9]{64}$/).map((hex) => `sha256:${hex}`)),
    existingSecret: optional(dnsName),
    production: fc.boolean(),
    networkPolicy: fc.boolean(),
    migrations: fc.boolean(),
    apiType: fc.constantFrom("NodePort", "ClusterIP", "LoadBalancer"),
    nodePort: fc.integer({ min: 30000, max: 32767 }),
    ingress: fc.boolean(),
    tls: fc.boolean(),
    openaiKey: optional(fc.stringMatching(/^sk-[a-z0-9]{8}$/)),
    apps: fc.record(Object.fromEntries(applications.map((key) => [key, application(key)]))),
    stores: fc.record(Object.fromEntries(datastores.map(({ key }) => [key, datastoreChoice]))),
    // Half the sets have no hatches at all; the others some, in global and a few components.
    hatches: fc.option(
      fc.record(
        Object.fromEntries(
          ["global", ...applications, ...datastores.map(({ key }) => key)].map((key) => [
            key,
            fc.option(hatchPick, { nil: undefined, freq: 2 }),
          ]),
        ),
      ),
      { nil: undefined, freq: 2 },
    ),
    commonLabels: optional(fc.dictionary(fc.constantFrom("team", "example.com/cost-center", "tier"), dnsName)),
    commonAnnotations: optional(
      fc.dictionary(
        fc.constantFrom("example.com/owner", "note"),
        fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 .,:@/_-]{0,40}$/),
      ),
    ),
  })
  .map((choice) => {
    const values: ValuesSet = {
      prefixWithReleaseName: choice.prefix,
      ...compact({ nameOverride: choice.nameOverride, fullnameOverride: choice.fullnameOverride }),
      // What a parent chart passes with `condition: cryptoflow.enabled`.
      ...(choice.asSubchart ? { enabled: true } : {}),
      global: { clusterDomain: choice.clusterDomain, imagePullSecrets: choice.globalPullSecrets },
      image: compact({ tag: choice.tag, digest: choice.digest }),
      networkPolicy: { enabled: choice.networkPolicy, aiProviders: { allow: choice.aiProviders } },
      migrations: {
        enabled: choice.migrations,
        mode: choice.migrationsMode,
        whenScriptsMissing: choice.migrationsWhenMissing,
      },
      ...choice.apps,
    };
    values.api = {
      ...(values.api as object),
      imagePullSecrets: choice.apiPullSecrets,
      service: { type: choice.apiType, nodePorts: { http: choice.nodePort } },
      ingress: { enabled: choice.ingress, tls: { enabled: choice.ingress && choice.tls } },
    };
    // With an existing Secret every credential lives there; production insists on one.
    if (choice.existingSecret) values.existingSecret = choice.existingSecret;
    else if (choice.openaiKey) values.ai = { openaiApiKey: choice.openaiKey };
    values.profile = choice.existingSecret && choice.production ? "production" : "local";
    for (const store of datastores) {
      const pick = (choice.stores as Record<string, DatastorePick>)[store.key];
      const secretFromValues = !choice.existingSecret && store.password ? pick.password : undefined;
      if (pick.mode === "external") {
        values[store.key] = { enabled: false };
        values[store.external] = compact({
          host: pick.host,
          port: pick.port,
          password: store.password && !choice.existingSecret ? (pick.password ?? "s3cret-pass") : undefined,
        });
        continue;
      }
      values[store.key] = compact({
        imagePullSecrets: store.key === "postgres" ? choice.postgresPullSecrets : undefined,
        workload: pick.mode === "statefulset" ? "StatefulSet" : "Deployment",
        persistence: { enabled: pick.mode !== "deployment", size: pick.size },
        auth: secretFromValues ? { password: secretFromValues } : undefined,
      });
    }
    const picked = Object.entries((choice.hatches ?? {}) as Record<string, HatchPick | undefined>);
    for (const [key, pick] of picked) {
      if (!pick) continue;
      const current = (values[key] ?? {}) as ValuesSet;
      values[key] = { ...current, ...hatches(key.toLowerCase(), pick, choice.release) };
    }
    if (picked.some(([, pick]) => pick)) values.extraObjects = hatchObjects;
    Object.assign(values, compact({ commonLabels: choice.commonLabels, commonAnnotations: choice.commonAnnotations }));
    return { release: choice.release, namespace: choice.namespace, values };
  });

/** Sets `value` at a dotted path, creating objects on the way. */
export function setPath(values: ValuesSet, path: string, value: unknown): ValuesSet {
  const copy = structuredClone(values);
  const keys = path.split(".");
  let node = copy;
  for (const key of keys.slice(0, -1)) {
    if (!node[key] || typeof node[key] !== "object") node[key] = {};
    node = node[key] as ValuesSet;
  }
  node[keys[keys.length - 1]] = value;
  return copy;
}

interface Mutation {
  name: string;
  key: string;
  apply: (values: ValuesSet) => ValuesSet;
}

const strictObjects = [
  "",
  "global",
  "api",
  "api.service",
  "api.ingress.tls",
  "marketData.autoscaling",
  "api.livenessProbe",
  "postgres.persistence",
  "redis.auth",
  "networkPolicy",
  "migrations",
  "ai",
];

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc
    .record({
      at: fc.constantFrom(...strictObjects.filter((path) => path !== "global")),
      name: fc.constantFrom("replicas", "enable", "colour", "timeoutSecs"),
    })
    .map(({ at, name }) => {
      const key = at ? `${at}.${name}` : name;
      return { name: `unknown key ${key}`, key, apply: (values: ValuesSet) => setPath(values, key, true) };
    }),
  fc
    .record({
      key: fc.constantFrom(
        "api.replicaCount",
        "redis.service.ports.redis",
        "networkPolicy.enabled",
        "migrations.whenScriptsMissing",
        "migrations.mode",
        "image.tag",
      ),
      value: fc.constantFrom<unknown>("three", [1], { nested: true }),
    })
    .filter(
      ({ key, value }) =>
        !(
          typeof value === "string" &&
          (key === "migrations.whenScriptsMissing" || key === "migrations.mode" || key === "image.tag")
        ),
    )
    .map(({ key, value }) => ({
      name: `wrong type at ${key}`,
      key,
      apply: (values: ValuesSet) => setPath(values, key, value),
    })),
  fc
    .record({
      key: fc.constantFrom("worker.replicaCount", "mcp.replicaCount"),
      value: fc.integer({ min: -50, max: -1 }),
    })
    .map(({ key, value }) => ({
      name: `${key}=${value}`,
      key,
      apply: (values: ValuesSet) => setPath(values, key, value),
    })),
  fc.integer({ min: 1, max: 29999 }).map((port) => ({
    name: `nodePort ${port}`,
    key: "api.service.nodePorts.http",
    apply: (values: ValuesSet) => setPath(values, "api.service.nodePorts.http", port),
  })),
  fc.integer({ min: 65536, max: 999999 }).map((port) => ({
    name: `port ${port}`,
    key: "postgres.service.ports.postgres",
    apply: (values: ValuesSet) => setPath(values, "postgres.service.ports.postgres", port),
  })),
  fc.constantFrom("lots", "1 GB", "-5Mi", "12Qi").map((quantity) => ({
    name: `memory ${quantity}`,
    key: "api.resources.requests.memory",
    apply: (values: ValuesSet) => setPath(values, "api.resources.requests.memory", quantity),
  })),
  fc.constantFrom("Bad_Name", "UPPER", "ends-with-", "with space").map((name) => ({
    name: `existingSecret ${name}`,
    key: "existingSecret",
    apply: (values: ValuesSet) => setPath(values, "existingSecret", name),
  })),
  fc
    .record({
      store: fc.constantFrom(...datastoreNames),
      replicas: fc.integer({ min: 2, max: 9 }),
    })
    .map(({ store, replicas }) => ({
      name: `${store} with ${replicas} replicas`,
      key: `${store}.replicaCount`,
      apply: (values: ValuesSet) =>
        setPath(setPath(values, `${store}.enabled`, true), `${store}.replicaCount`, replicas),
    })),
  fc.constantFrom("redis", "rabbitmq", "chroma").map((store) => ({
    name: `${store} StatefulSet without volumes`,
    key: `${store}.persistence.enabled`,
    apply: (values: ValuesSet) =>
      setPath(
        setPath(setPath(values, `${store}.enabled`, true), `${store}.workload`, "StatefulSet"),
        `${store}.persistence`,
        { enabled: false },
      ),
  })),
  fc.integer({ min: 54, max: 90 }).map((length) => ({
    name: `fullnameOverride of ${length} characters`,
    key: "fullnameOverride",
    apply: (values: ValuesSet) => setPath(values, "fullnameOverride", "f".repeat(length)),
  })),
  fc.constantFrom("Trading", "ends-with-", "with space", "under_score", "dotted.name").map((name) => ({
    name: `nameOverride ${name}`,
    key: "nameOverride",
    apply: (values: ValuesSet) => setPath(values, "nameOverride", name),
  })),
  fc
    .record({
      at: fc.constantFrom("global", "api", "redis", "tests"),
      secret: fc.constantFrom<unknown>({ nmae: "regcred" }, "Reg_Cred", { name: "" }, 7),
    })
    .map(({ at, secret }) => ({
      name: `pull secret ${JSON.stringify(secret)} in ${at}.imagePullSecrets`,
      key: `${at}.imagePullSecrets.0`,
      apply: (values: ValuesSet) => setPath(values, `${at}.imagePullSecrets`, [secret]),
    })),
  fc
    .record({
      at: fc.constantFrom("global", "api", "mcp", "postgres", "chroma"),
      hatch: fc.constantFrom(
        { key: "sidecars.0", value: [{ name: "shipper" }] },
        { key: "initContainers.0.name", value: [{ name: "Set_Up", image: "busybox:1.37.0" }] },
        { key: "extraVolumeMounts.0", value: [{ name: "extra", path: "/extra" }] },
        { key: "extraEnvFrom.0", value: [{ name: "proxy-settings" }] },
        { key: "extraVolumes.0", value: [{ emptyDir: {} }] },
      ),
    })
    .map(({ at, hatch }) => {
      const list = hatch.key.split(".")[0];
      return {
        name: `${at}.${list} ${JSON.stringify(hatch.value)}`,
        key: `${at}.${hatch.key}`,
        apply: (values: ValuesSet) => setPath(values, `${at}.${list}`, hatch.value),
      };
    }),
  fc
    .record({
      index: fc.integer({ min: 0, max: 2 }),
      bad: fc.constantFrom<unknown>(
        "- a\n- b",
        "just words",
        { apiVersion: "v1", kind: "ConfigMap" },
        { kind: "Pod", metadata: { name: "x" } },
      ),
    })
    .map(({ index, bad }) => ({
      name: `extraObjects[${index}] ${JSON.stringify(bad)}`,
      key: `extraObjects.${index}`,
      apply: (values: ValuesSet) => {
        const good = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "{{ .Release.Name }}-good" } };
        const objects: unknown[] = Array.from({ length: index }, (_, at) => ({
          ...good,
          metadata: { name: `good-${at}` },
        }));
        return setPath(values, "extraObjects", [...objects, bad]);
      },
    })),
  fc.constantFrom("api", "worker", "chroma").map((owner) => ({
    name: `global.sidecars named like ${owner}'s container`,
    key: "global.sidecars.0.name",
    apply: (values: ValuesSet) => setPath(values, "global.sidecars", [{ name: owner, image: "busybox:1.37.0" }]),
  })),
  fc.constantFrom("/tmp", "/home/appuser").map((mountPath) => ({
    name: `mcp.extraVolumeMounts at ${mountPath}`,
    key: "mcp.extraVolumeMounts.0.mountPath",
    apply: (values: ValuesSet) => setPath(values, "mcp.extraVolumeMounts", [{ name: "tmp", mountPath }]),
  })),
  fc.constantFrom("app.kubernetes.io/name", "app.kubernetes.io/component", "helm.sh/chart").map((label) => ({
    name: `commonLabels sets the chart's ${label}`,
    key: "commonLabels",
    apply: (values: ValuesSet) => setPath(values, "commonLabels", { [label]: "mine" }),
  })),
  fc.constant({
    name: "enabled false, rendered on its own",
    key: "enabled",
    apply: (values: ValuesSet) => setPath(values, "enabled", false),
  }),
  fc.constant({
    name: "TLS without an Ingress",
    key: "api.ingress.tls.enabled",
    apply: (values: ValuesSet) => setPath(values, "api.ingress", { enabled: false, tls: { enabled: true } }),
  }),
  fc.constant({
    name: "managed PostgreSQL without a host",
    key: "externalDatabase.host",
    apply: (values: ValuesSet) => setPath(setPath(values, "postgres.enabled", false), "externalDatabase.host", ""),
  }),
);

export const brokenCase: fc.Arbitrary<BrokenCase> = fc
  .tuple(validCase, mutation)
  .map(([base, change]) => ({ ...base, values: change.apply(base.values), mutation: change.name, key: change.key }));
