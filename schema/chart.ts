// Chart.yaml's facts. Bump `version` for every change to the chart users can see.
export const chartMetadata = {
  name: "cryptoflow",
  version: "0.3.0",
  /** The CryptoFlow application image tag the chart deploys by default. */
  appVersion: "1.0.0",
  /** Oldest and newest Kubernetes minors the chart is checked against: 1.32 to 1.36. */
  kubeVersion: ">=1.32.0-0",
  description:
    "CryptoFlow trading simulation: FastAPI API, Celery worker, MCP server, market-data and order gRPC services, with PostgreSQL, Redis, RabbitMQ and Chroma",
  keywords: ["cryptoflow", "trading", "fastapi", "celery", "grpc", "mcp"],
  maintainers: [{ name: "CryptoFlow chart maintainers" }],
};
