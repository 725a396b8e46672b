// The shape of a component definition: everything the chart needs to know about one process
// of CryptoFlow or one of its datastores. Every template, values key, schema entry and connection
// string that mentions a component is derived from one of these (the tests, on purpose, are not).

export type ComponentName =
  | "api"
  | "worker"
  | "mcp"
  | "market-data"
  | "order-service"
  | "postgres"
  | "redis"
  | "rabbitmq"
  | "chroma";

export interface ContainerPort {
  /** IANA-style port name, used as the Service targetPort and in probes. */
  name: string;
  port: number;
  description: string;
}

/** How the kubelet checks the container; timings are values, the check itself is a fact of the image. */
export type ProbeCheck =
  | { httpGet: { path: string; port: string } }
  | { tcpSocket: { port: string } }
  | { exec: { command: string[] } };

export interface ProbeDefault {
  check: ProbeCheck;
  initialDelaySeconds: number;
  periodSeconds: number;
  timeoutSeconds: number;
  failureThreshold: number;
}

export interface ImageDefault {
  registry: string;
  repository: string;
  tag: string;
}

/** A writable folder the image needs while the root filesystem is read-only. */
export interface ScratchVolume {
  name: string;
  mountPath: string;
}

/** An edge of the dependency graph: `from` opens connections to `to` on the named port. */
export interface Dependency {
  to: ComponentName;
  port: string;
  /** Environment variables (from schema/connections.ts) through which the client learns the address. */
  env: string[];
  /** How the client finds `to` when it reads no variable for it (a name the code dials itself). */
  dialsByName?: string;
}

/** Files the chart writes into a ConfigMap of the component's own and mounts read-only. */
export interface ConfigFiles {
  mountPath: string;
  files: Record<string, string>;
}

export interface DatastoreAuth {
  /** Container environment that carries the user name, if the server has users. */
  usernameEnv?: string[];
  defaultUsername?: string;
  /** Container environment that carries the database name, if the server has one. */
  databaseEnv?: string[];
  defaultDatabase?: string;
  /** Container environment that carries the password, read from the chart's Secret. */
  passwordEnv: string[];
  /** Key of the password in the chart's Secret (or the user's existingSecret). */
  passwordKey: string;
}

export interface ComponentDefinition {
  name: ComponentName;
  /** camelCase key of the component in values.yaml. */
  valuesKey: string;
  role: "application" | "datastore";
  description: string;
  /** Datastores bring their own image; application components share the CryptoFlow image. */
  image?: ImageDefault;
  command?: string[];
  args?: string[];
  ports: ContainerPort[];
  service?: {
    type: "ClusterIP" | "NodePort";
    nodePorts?: Record<string, number>;
    /** The default of `<component>.service.sessionAffinity`, and why, when it is not None. */
    sessionAffinity?: "ClientIP";
    sessionAffinityNote?: string;
    /**
     * The `networkPolicy.<key>` list of peers allowed to reach the Service's ports from outside
     * the dependency graph (users of the API, MCP clients); an empty list allows every source.
     */
    clientsFromKey?: string;
  };
  livenessProbe?: ProbeDefault;
  readinessProbe?: ProbeDefault;
  replicaCount: number;
  /** Ephemeral storage covers the emptyDirs (/tmp, and the data directory while it is one). */
  resources: {
    requests: Record<"cpu" | "memory" | "ephemeral-storage", string>;
    limits: Record<"cpu" | "memory" | "ephemeral-storage", string>;
  };
  /** User the image is built to run as; the pod runs as this uid, never as root. */
  runAsUser: number;
  runAsGroup: number;
  /** False only where the image writes outside any folder we can mount (said why in `readOnlyRootFilesystemNote`). */
  readOnlyRootFilesystem: boolean;
  readOnlyRootFilesystemNote?: string;
  scratchVolumes: ScratchVolume[];
  /** Datastores: where the data lives; an emptyDir unless persistence gives a PVC. */
  data?: { mountPath: string; size: string };
  /** Fixed environment the image needs (not user settings). */
  env?: Record<string, string>;
  /** Configuration files the chart provides instead of the image's own. */
  configFiles?: ConfigFiles;
  auth?: DatastoreAuth;
  /** Datastores: the values key of the managed service used instead when the datastore is disabled. */
  external?: { valuesKey: string; description: string };
  dependencies: Dependency[];
}
