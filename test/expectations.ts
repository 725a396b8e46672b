// What the tests expect of the chart, written once and kept independent of schema/: tests that
// imported the generator's own definitions would agree with the code whatever it did. The facts
// come from the design and the application's code (cryptoflow-facts.md).

/** The nine components, each a Deployment of the default install. */
export const components = [
  "api",
  "worker",
  "mcp",
  "market-data",
  "order-service",
  "postgres",
  "redis",
  "rabbitmq",
  "chroma",
] as const;

export const datastores = ["postgres", "redis", "rabbitmq", "chroma"] as const;

/** Components with a Service: all but the worker. */
export const servedComponents = components.filter((name) => name !== "worker");

/** The pods of a default install that open connections or accept them: the components and the migrations Job. */
export const defaultWorkloads = [...components, "migrations"];

/** Who dials whom, on which container port: what the code dials, plus the migrations Job ("Who talks to whom"). */
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
