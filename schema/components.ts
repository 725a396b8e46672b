// The nine CryptoFlow components, as the application really runs them (its source, the
// `application` of chart.ts; each fact below names the file it comes from): the single source of
// truth for the chart.
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

/**
 * The CryptoFlow image's ENTRYPOINT (the upstream Dockerfile): it starts the process its one
 * argument names. A container that must run something before it (filling passwords into the
 * connection URLs) names it in its command.
 */
export const applicationEntrypoint = ["/app/scripts/entrypoint.sh"];

/**
 * The worker's probe: an ESTABLISHED TCP connection (state 01 in /proc/net/tcp) to the port of
 * CELERY_BROKER_URL (`amqp://user:${RABBITMQ_PASSWORD}@host:port//` as the container is given it:
 * the probe's shell sees the placeholder, never the password, and the one `@` starts the address).
 * Shell, sed and grep only: every check is a few milliseconds.
 */
const brokerConnectionCheck = [
  `port=$(printf '%s' "$CELERY_BROKER_URL" | sed -E 's|^.*@[^/]*:([0-9]+)(/.*)?$|\\1|')`,
  `grep -qsi ":$(printf '%04X' "$port") 01 " /proc/net/tcp /proc/net/tcp6`,
].join(" && ");

/** Chroma's server logging to the console only: uvicorn's and chromadb's loggers at INFO. */
const chromaLogConfig = `version: 1
disable_existing_loggers: false
formatters:
  default:
    format: "%(asctime)s %(levelname)s [%(name)s] %(message)s"
handlers:
  console:
    class: logging.StreamHandler
    formatter: default
    stream: ext://sys.stdout
root:
  level: INFO
  handlers: [console]
loggers:
  uvicorn:
    level: INFO
  chromadb:
    level: INFO
`;

export const components: ComponentDefinition[] = [
  {
    name: "api",
    valuesKey: "api",
    role: "application",
    description: "FastAPI HTTP API, the entry point for users (uvicorn main:app)",
    args: ["api"],
    ports: [{ name: "http", port: 8000, description: "HTTP API" }],
    service: { type: "NodePort", nodePorts: { http: 30000 }, clientsFromKey: "apiIngressFrom" },
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
    // src/infrastructure/cache.py reads REDIS_URL; the database code of routes.py is commented out.
    dependencies: [
      { to: "redis", port: "redis", env: ["REDIS_URL"] },
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
    // No port, and `celery inspect ping` starts the whole application and asks every worker through
    // the broker on each check. Instead: the worker holds an ESTABLISHED connection to the broker
    // port of CELERY_BROKER_URL (read from /proc/net/tcp, no Python, no broker traffic). A worker
    // whose event loop is stuck stops sending AMQP heartbeats, the broker closes its connection,
    // and the check fails.
    livenessProbe: probe(
      { exec: { command: ["sh", "-c", brokerConnectionCheck] } },
      { initialDelaySeconds: 60, periodSeconds: 30, failureThreshold: 10 },
    ),
    readinessProbe: probe(
      { exec: { command: ["sh", "-c", brokerConnectionCheck] } },
      { initialDelaySeconds: 10, failureThreshold: 3 },
    ),
    replicaCount: 1,
    resources: {
      requests: { cpu: "100m", memory: "256Mi", "ephemeral-storage": "64Mi" },
      limits: { cpu: "500m", memory: "512Mi", "ephemeral-storage": "1Gi" },
    },
    runAsUser: 1000,
    runAsGroup: 1000,
    readOnlyRootFilesystem: true,
    scratchVolumes: [tmp],
    // src/infrastructure/celery_app.py and the autodiscovered src/application/tasks.py; no database.
    dependencies: [
      { to: "rabbitmq", port: "amqp", env: ["CELERY_BROKER_URL"] },
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
    service: {
      type: "ClusterIP",
      // An SSE session lives on the pod that opened it: GET /sse and its POSTs must reach the same one.
      sessionAffinity: "ClientIP",
      sessionAffinityNote: "an SSE session lives on the pod that opened it",
      clientsFromKey: "mcpClientsFrom",
    },
    livenessProbe: probe({ tcpSocket: { port: "http" } }),
    readinessProbe: probe({ tcpSocket: { port: "http" } }, { initialDelaySeconds: 5, failureThreshold: 3 }),
    replicaCount: 1,
    // Sized from what it loads at start: importing chromadb, sentence-transformers (torch),
    // onnxruntime, fastmcp and semantic-kernel took 800 MiB RSS on Python 3.11 (measured with the
    // image recipe's packages), and bootstrap_mcp() then loads the all-MiniLM-L6-v2 model
    // (~100 MiB more). Request 1 GiB; the 2 GiB limit leaves room for a query's tensors.
    resources: {
      requests: { cpu: "100m", memory: "1Gi", "ephemeral-storage": "256Mi" },
      limits: { cpu: "1", memory: "2Gi", "ephemeral-storage": "2Gi" },
    },
    runAsUser: 1000,
    runAsGroup: 1000,
    readOnlyRootFilesystem: true,
    // Hugging Face and Chroma's embedding function cache models under $HOME/.cache.
    scratchVolumes: [tmp, { name: "home", mountPath: "/home/appuser" }],
    // chromadb's client reports anonymous telemetry unless told not to.
    env: { HOME: "/home/appuser", ANONYMIZED_TELEMETRY: "False" },
    // src/config.py (DATABASE_URL), mock_exchange → cache.py (REDIS_URL), place_order's Celery
    // `.delay` (CELERY_*), and chroma_adapter.py, which dials `chroma:8000` by name.
    dependencies: [
      { to: "postgres", port: "postgres", env: ["DATABASE_URL"] },
      { to: "redis", port: "redis", env: ["REDIS_URL", "CELERY_RESULT_BACKEND"] },
      { to: "rabbitmq", port: "amqp", env: ["CELERY_BROKER_URL"] },
      {
        to: "chroma",
        port: "http",
        env: [],
        dialsByName: "chroma:8000 (hard-coded in src/ai/adapters/chroma_adapter.py)",
      },
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
    // RabbitMQ writes its log files (and erl_crash.dump) under /var/log/rabbitmq: with a read-only
    // root it stops at start ({cannot_log_to_file, ..., erofs}) unless that folder is writable.
    scratchVolumes: [tmp, { name: "logs", mountPath: "/var/log/rabbitmq" }],
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
    // The image's own start command (docker_entrypoint.sh), with our log configuration instead of
    // chromadb/log_config.yml, whose file handler writes chroma.log into the root-owned /chroma.
    command: [
      "uvicorn",
      "chromadb.app:app",
      "--workers",
      "1",
      "--host",
      "0.0.0.0",
      "--port",
      "8000",
      "--proxy-headers",
      "--log-config",
      "/etc/chroma/log_config.yml",
      "--timeout-keep-alive",
      "30",
    ],
    configFiles: { mountPath: "/etc/chroma", files: { "log_config.yml": chromaLogConfig } },
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
    // The image runs as root unless told otherwise; with logging to the console only, nothing
    // outside /tmp and the data directory is written.
    runAsUser: 1000,
    runAsGroup: 1000,
    readOnlyRootFilesystem: true,
    scratchVolumes: [tmp],
    data: { mountPath: "/chroma/chroma", size: "4Gi" },
    env: { IS_PERSISTENT: "TRUE", PERSIST_DIRECTORY: "/chroma/chroma", ANONYMIZED_TELEMETRY: "FALSE", HOME: "/tmp" },
    external: { valuesKey: "externalChroma", description: "a Chroma 0.5 server run elsewhere" },
    dependencies: [],
  },
];

export function component(name: string): ComponentDefinition {
  const found = components.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`unknown component ${name}`);
  return found;
}

/** The Secret keys of the datastores' passwords: the chart's Secret and an existingSecret hold these. */
export const passwordKeys = components.flatMap((definition) => (definition.auth ? [definition.auth.passwordKey] : []));

/** The datastores: each runs as a Deployment or a StatefulSet, or is switched off for one run elsewhere. */
export const datastores = components.filter((definition) => definition.role === "datastore");

/** CryptoFlow's own processes, all run from the application image. */
export const applications = components.filter((definition) => definition.role === "application");

type ComponentWithService = ComponentDefinition & { service: NonNullable<ComponentDefinition["service"]> };

/** The components with a Service, through which other pods (and, for the API, users) reach them. */
export const componentsWithService = components.filter(
  (definition): definition is ComponentWithService => definition.service !== undefined,
);
