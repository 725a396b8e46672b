// The nine CryptoFlow components, as the application really runs them
// (../shared/design/cryptoflow-facts.md): the single source of truth for the chart.
import type { ComponentDefinition, ProbeDefault } from "./types.ts";

/** Probe timings shared by most components: quick to notice a dead process, slow to kill a busy one. */
const probe = (check: ProbeDefault["check"], overrides: Partial<ProbeDefault> = {}): ProbeDefault => ({
  check,
  initialDelaySeconds: 10,
  periodSeconds: 10,
  timeoutSeconds: 5,
  failureThreshold: 6,
  ...overrides,
});

const tmp = { name: "tmp", mountPath: "/tmp" };

export const components: ComponentDefinition[] = [
  {
    name: "api",
    valuesKey: "api",
    role: "application",
    description: "FastAPI HTTP API, the entry point for users (uvicorn main:app)",
    args: ["api"],
    ports: [{ name: "http", port: 8000, description: "HTTP API" }],
    service: { type: "NodePort", nodePorts: { http: 30000 } },
    // Liveness asks only that the process listens; readiness that it serves (the API has no
    // /health route; GET / answers 200 once the app is up), so a slow dependency takes a pod
    // out of rotation instead of restarting it.
    livenessProbe: probe({ tcpSocket: { port: "http" } }, { initialDelaySeconds: 20 }),
    readinessProbe: probe({ httpGet: { path: "/", port: "http" } }, { initialDelaySeconds: 5, failureThreshold: 3 }),
    replicaCount: 2,
    resources: {
      requests: { cpu: "100m", memory: "256Mi", "ephemeral-storage": "64Mi" },
      limits: { cpu: "500m", memory: "512Mi", "ephemeral-storage": "1Gi" },
    },
    runAsUser: 1000,
    runAsGroup: 1000,
    readOnlyRootFilesystem: true,
    scratchVolumes: [tmp],
    dependencies: [
      { to: "postgres", port: "postgres", env: ["DATABASE_URL"] },
      { to: "redis", port: "redis", env: ["REDIS_URL", "CELERY_RESULT_BACKEND"] },
      { to: "rabbitmq", port: "amqp", env: ["CELERY_BROKER_URL"] },
      { to: "chroma", port: "http", env: ["CHROMA_HOST", "CHROMA_PORT"] },
      { to: "market-data", port: "grpc", env: ["MARKET_DATA_GRPC_TARGET"] },
      { to: "order-service", port: "grpc", env: ["ORDER_SERVICE_GRPC_TARGET"] },
    ],
  },
  {
    name: "worker",
    valuesKey: "worker",
    role: "application",
    description: "Celery worker that runs background jobs from RabbitMQ",
    args: ["worker"],
    ports: [],
    // No port to probe, and `celery inspect ping` costs a broker round trip per check: no probes by default.
    replicaCount: 1,
    resources: {
      requests: { cpu: "100m", memory: "256Mi", "ephemeral-storage": "64Mi" },
      limits: { cpu: "500m", memory: "512Mi", "ephemeral-storage": "1Gi" },
    },
    runAsUser: 1000,
    runAsGroup: 1000,
    readOnlyRootFilesystem: true,
    scratchVolumes: [tmp],
    dependencies: [
      { to: "rabbitmq", port: "amqp", env: ["CELERY_BROKER_URL"] },
      { to: "postgres", port: "postgres", env: ["DATABASE_URL"] },
      { to: "redis", port: "redis", env: ["REDIS_URL", "CELERY_RESULT_BACKEND"] },
    ],
  },
  {
    name: "mcp",
    valuesKey: "mcp",
    role: "application",
    description: "MCP server over SSE (path /sse)",
    args: ["mcp"],
    ports: [{ name: "http", port: 8000, description: "MCP over SSE" }],
    service: { type: "ClusterIP" },
    livenessProbe: probe({ tcpSocket: { port: "http" } }),
    readinessProbe: probe({ tcpSocket: { port: "http" } }, { initialDelaySeconds: 5, failureThreshold: 3 }),
    replicaCount: 1,
    resources: {
      requests: { cpu: "50m", memory: "128Mi", "ephemeral-storage": "64Mi" },
      limits: { cpu: "250m", memory: "256Mi", "ephemeral-storage": "1Gi" },
    },
    runAsUser: 1000,
    runAsGroup: 1000,
    readOnlyRootFilesystem: true,
    scratchVolumes: [tmp],
    dependencies: [
      { to: "postgres", port: "postgres", env: ["DATABASE_URL"] },
      { to: "chroma", port: "http", env: ["CHROMA_HOST", "CHROMA_PORT"] },
    ],
  },
  {
    name: "market-data",
    valuesKey: "marketData",
    role: "application",
    description: "gRPC market-data service (generates prices itself)",
    // The entrypoint's `grpc` mode starts the market-data server.
    args: ["grpc"],
    ports: [{ name: "grpc", port: 50051, description: "gRPC" }],
    service: { type: "ClusterIP" },
    // The server does not implement grpc.health.v1, so a native gRPC probe would always fail.
    livenessProbe: probe({ tcpSocket: { port: "grpc" } }),
    readinessProbe: probe({ tcpSocket: { port: "grpc" } }, { initialDelaySeconds: 5, failureThreshold: 3 }),
    replicaCount: 1,
    resources: {
      requests: { cpu: "50m", memory: "128Mi", "ephemeral-storage": "64Mi" },
      limits: { cpu: "250m", memory: "256Mi", "ephemeral-storage": "1Gi" },
    },
    runAsUser: 1000,
    runAsGroup: 1000,
    readOnlyRootFilesystem: true,
    scratchVolumes: [tmp],
    dependencies: [],
  },
  {
    name: "order-service",
    valuesKey: "orderService",
    role: "application",
    description: "gRPC order service",
    // The entrypoint has no mode for it (an unknown argument would start the API instead).
    command: ["python", "src/services/order_service/server.py"],
    ports: [{ name: "grpc", port: 50052, description: "gRPC" }],
    service: { type: "ClusterIP" },
    livenessProbe: probe({ tcpSocket: { port: "grpc" } }),
    readinessProbe: probe({ tcpSocket: { port: "grpc" } }, { initialDelaySeconds: 5, failureThreshold: 3 }),
    replicaCount: 1,
    resources: {
      requests: { cpu: "50m", memory: "128Mi", "ephemeral-storage": "64Mi" },
      limits: { cpu: "250m", memory: "256Mi", "ephemeral-storage": "1Gi" },
    },
    runAsUser: 1000,
    runAsGroup: 1000,
    readOnlyRootFilesystem: true,
    scratchVolumes: [tmp],
    dependencies: [
      { to: "postgres", port: "postgres", env: ["DATABASE_URL"] },
      { to: "rabbitmq", port: "amqp", env: ["RABBITMQ_URL"] },
      { to: "market-data", port: "grpc", env: ["MARKET_DATA_GRPC_TARGET"] },
    ],
  },
  {
    name: "postgres",
    valuesKey: "postgres",
    role: "datastore",
    description: "PostgreSQL 15, the application database",
    // Keep major 15: a major upgrade needs a dump and restore of the data directory.
    image: { registry: "docker.io", repository: "library/postgres", tag: "15.14-alpine" },
    ports: [{ name: "postgres", port: 5432, description: "PostgreSQL" }],
    service: { type: "ClusterIP" },
    livenessProbe: probe({ tcpSocket: { port: "postgres" } }),
    readinessProbe: probe(
      { exec: { command: ["sh", "-c", 'pg_isready -U "$POSTGRES_USER" -d "$POSTGRES_DB" -h 127.0.0.1'] } },
      { initialDelaySeconds: 5, failureThreshold: 3 },
    ),
    replicaCount: 1,
    resources: {
      requests: { cpu: "100m", memory: "256Mi", "ephemeral-storage": "64Mi" },
      limits: { cpu: "500m", memory: "512Mi", "ephemeral-storage": "9Gi" },
    },
    // uid 70 is `postgres` in the alpine images.
    runAsUser: 70,
    runAsGroup: 70,
    readOnlyRootFilesystem: true,
    scratchVolumes: [{ name: "run", mountPath: "/var/run/postgresql" }, tmp],
    data: { mountPath: "/var/lib/postgresql/data", size: "8Gi" },
    // initdb refuses a non-empty mount point (lost+found on many volumes): use a subdirectory.
    env: { PGDATA: "/var/lib/postgresql/data/pgdata" },
    auth: {
      usernameEnv: ["POSTGRES_USER"],
      defaultUsername: "cryptoflow",
      databaseEnv: ["POSTGRES_DB"],
      defaultDatabase: "cryptoflow",
      passwordEnv: ["POSTGRES_PASSWORD"],
      passwordKey: "POSTGRES_PASSWORD",
    },
    external: { valuesKey: "externalDatabase", description: "a managed PostgreSQL 15 (e.g. Cloud SQL, RDS)" },
    dependencies: [],
  },
  {
    name: "redis",
    valuesKey: "redis",
    role: "datastore",
    description: "Redis 7, cache and Celery result backend",
    image: { registry: "docker.io", repository: "library/redis", tag: "7.4.2-alpine" },
    // Kubernetes expands $(REDIS_PASSWORD) from the container's environment.
    args: ["--requirepass", "$(REDIS_PASSWORD)"],
    ports: [{ name: "redis", port: 6379, description: "Redis" }],
    service: { type: "ClusterIP" },
    livenessProbe: probe({ tcpSocket: { port: "redis" } }),
    // redis-cli reads the password from REDISCLI_AUTH.
    readinessProbe: probe(
      { exec: { command: ["sh", "-c", "redis-cli ping | grep -q PONG"] } },
      { initialDelaySeconds: 5, failureThreshold: 3 },
    ),
    replicaCount: 1,
    resources: {
      requests: { cpu: "50m", memory: "64Mi", "ephemeral-storage": "64Mi" },
      limits: { cpu: "250m", memory: "256Mi", "ephemeral-storage": "3Gi" },
    },
    runAsUser: 999,
    runAsGroup: 1000,
    readOnlyRootFilesystem: true,
    scratchVolumes: [tmp],
    data: { mountPath: "/data", size: "2Gi" },
    auth: { passwordEnv: ["REDIS_PASSWORD", "REDISCLI_AUTH"], passwordKey: "REDIS_PASSWORD" },
    external: { valuesKey: "externalRedis", description: "a managed Redis 7" },
    dependencies: [],
  },
  {
    name: "rabbitmq",
    valuesKey: "rabbitmq",
    role: "datastore",
    description: "RabbitMQ 4 with the management plugin, the Celery broker",
    // The 3.x line is out of support; 4.x keeps the same AMQP 0-9-1 clients working.
    image: { registry: "docker.io", repository: "library/rabbitmq", tag: "4.1.4-management" },
    ports: [
      { name: "amqp", port: 5672, description: "AMQP 0-9-1" },
      { name: "management", port: 15672, description: "management UI and HTTP API" },
    ],
    service: { type: "ClusterIP" },
    // The AMQP listener opens late in boot; liveness waits for it.
    livenessProbe: probe({ tcpSocket: { port: "amqp" } }, { initialDelaySeconds: 60, periodSeconds: 30 }),
    // rabbitmq-diagnostics starts an Erlang VM for every check: give it time.
    readinessProbe: probe(
      { exec: { command: ["rabbitmq-diagnostics", "-q", "ping"] } },
      { initialDelaySeconds: 10, periodSeconds: 15, timeoutSeconds: 15, failureThreshold: 3 },
    ),
    replicaCount: 1,
    resources: {
      requests: { cpu: "100m", memory: "256Mi", "ephemeral-storage": "64Mi" },
      limits: { cpu: "500m", memory: "512Mi", "ephemeral-storage": "3Gi" },
    },
    runAsUser: 999,
    runAsGroup: 999,
    readOnlyRootFilesystem: true,
    scratchVolumes: [tmp],
    // Also RabbitMQ's HOME: the Erlang cookie lives there.
    data: { mountPath: "/var/lib/rabbitmq", size: "2Gi" },
    // The node name names the data folder; a fixed one survives the pod's hostname changing.
    env: { RABBITMQ_NODENAME: "rabbit@localhost" },
    auth: {
      usernameEnv: ["RABBITMQ_DEFAULT_USER"],
      defaultUsername: "cryptoflow",
      passwordEnv: ["RABBITMQ_DEFAULT_PASS"],
      passwordKey: "RABBITMQ_PASSWORD",
    },
    external: { valuesKey: "externalRabbitmq", description: "a managed RabbitMQ (AMQP 0-9-1)" },
    dependencies: [],
  },
  {
    name: "chroma",
    valuesKey: "chroma",
    role: "datastore",
    description: "ChromaDB 0.5 vector store (the application's client speaks the 0.5 v1 API)",
    image: { registry: "docker.io", repository: "chromadb/chroma", tag: "0.5.0" },
    ports: [{ name: "http", port: 8000, description: "Chroma HTTP API" }],
    service: { type: "ClusterIP" },
    livenessProbe: probe({ tcpSocket: { port: "http" } }, { initialDelaySeconds: 20 }),
    readinessProbe: probe(
      { httpGet: { path: "/api/v1/heartbeat", port: "http" } },
      { initialDelaySeconds: 5, failureThreshold: 3 },
    ),
    replicaCount: 1,
    resources: {
      requests: { cpu: "100m", memory: "256Mi", "ephemeral-storage": "64Mi" },
      limits: { cpu: "500m", memory: "1Gi", "ephemeral-storage": "5Gi" },
    },
    // The image runs as root unless told otherwise.
    runAsUser: 1000,
    runAsGroup: 1000,
    readOnlyRootFilesystem: false,
    readOnlyRootFilesystemNote: "the image's log configuration writes chroma.log into its working directory, /chroma",
    scratchVolumes: [tmp],
    data: { mountPath: "/chroma/chroma", size: "4Gi" },
    env: { IS_PERSISTENT: "TRUE", PERSIST_DIRECTORY: "/chroma/chroma", ANONYMIZED_TELEMETRY: "FALSE" },
    external: { valuesKey: "externalChroma", description: "a Chroma 0.5 server run elsewhere" },
    dependencies: [],
  },
];

export function component(name: string): ComponentDefinition {
  const found = components.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`unknown component ${name}`);
  return found;
}
