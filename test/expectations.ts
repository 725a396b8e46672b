// What the tests expect of the chart, written once and kept independent of schema/: tests that
// imported the generator's own definitions would agree with the code whatever it did. The facts
// come from the application's source (pabloarancibia/cryptoflow at commit 6b9dbc9; the image
// recipe reads it from CRYPTOFLOW_SRC, by default ../shared/upstream/cryptoflow-6b9dbc9), file by
// file below.

/** CryptoFlow's own processes, one image (the application's Dockerfile and scripts/entrypoint.sh). */
export const applications = ["api", "worker", "mcp", "market-data", "order-service"] as const;

/** The servers the application's code dials (docker-compose.yml's services, and the code's URLs). */
export const datastores = ["postgres", "redis", "rabbitmq", "chroma"] as const;

/** The nine components, each a Deployment of the default install. */
export const components = [...applications, ...datastores] as const;

export type Component = (typeof components)[number];

/** Each component's key in values.yaml: its name in camelCase. */
export const valuesKeys: Record<Component, string> = {
  api: "api",
  worker: "worker",
  mcp: "mcp",
  "market-data": "marketData",
  "order-service": "orderService",
  postgres: "postgres",
  redis: "redis",
  rabbitmq: "rabbitmq",
  chroma: "chroma",
};

/**
 * Each datastore's managed-service key, and whether its clients present a password: all but
 * Chroma's (src/ai/adapters/chroma_adapter.py connects with a host and a port only).
 */
export const datastoreAccess: Record<(typeof datastores)[number], { external: string; password: boolean }> = {
  postgres: { external: "externalDatabase", password: true },
  redis: { external: "externalRedis", password: true },
  rabbitmq: { external: "externalRabbitmq", password: true },
  chroma: { external: "externalChroma", password: false },
};

/** The production profile's datastores: its PostgreSQL is a managed service. */
export const productionDatastores = datastores.filter((name) => name !== "postgres");

/**
 * Each Service of the default install: its type and its ports (port → the container port's name).
 * The ports are the servers' own (scripts/entrypoint.sh for api and mcp, the two gRPC servers'
 * server.py under src/services/, docker-compose.yml for the datastores); only the API is reached
 * from outside the cluster; the worker listens on nothing.
 */
export const serviceTable: Record<string, { type: string; ports: Record<number, string> }> = {
  api: { type: "NodePort", ports: { 8000: "http" } },
  mcp: { type: "ClusterIP", ports: { 8000: "http" } },
  "market-data": { type: "ClusterIP", ports: { 50051: "grpc" } },
  "order-service": { type: "ClusterIP", ports: { 50052: "grpc" } },
  postgres: { type: "ClusterIP", ports: { 5432: "postgres" } },
  redis: { type: "ClusterIP", ports: { 6379: "redis" } },
  rabbitmq: { type: "ClusterIP", ports: { 5672: "amqp", 15672: "management" } },
  chroma: { type: "ClusterIP", ports: { 8000: "http" } },
};

/** Components with a Service: all but the worker. */
export const servedComponents = components.filter((name) => name in serviceTable);

/** The pods of a default install that open connections or accept them: the components and the migrations Job. */
export const defaultWorkloads = [...components, "migrations"];

/**
 * Who dials whom, on which container port: what the code dials (api: src/infrastructure/cache.py
 * and grpc_client.py; worker: src/infrastructure/celery_app.py and src/application/tasks.py; mcp:
 * src/config.py, cache.py, celery_app.py and src/ai/adapters/chroma_adapter.py; order-service:
 * src/services/order_service/server.py), plus the migrations Job (migrations/env.py).
 */
export const graph = [
  "api → redis:6379",
  "api → market-data:50051",
  "api → order-service:50052",
  "worker → rabbitmq:5672",
  "worker → redis:6379",
  "mcp → postgres:5432",
  "mcp → redis:6379",
  "mcp → rabbitmq:5672",
  "mcp → chroma:8000",
  "order-service → postgres:5432",
  "order-service → rabbitmq:5672",
  "order-service → market-data:50051",
  "migrations → postgres:5432",
];

/** Who dials `server`, by the graph. */
export const clientsOf = (server: string) =>
  graph.filter((edge) => edge.split(" → ")[1].startsWith(`${server}:`)).map((edge) => edge.split(" → ")[0]);

/** The components whose code reads DATABASE_URL: the database's clients but the migrations Job. */
export const databaseReaders = clientsOf("postgres").filter((name) => name !== "migrations");
