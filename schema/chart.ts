// Chart.yaml's facts. Bump `version` for every change to the chart users can see.

/**
 * The Kubernetes releases the chart supports and is checked against: the oldest and newest minor,
 * each at the latest patch the Go module proxy serves (the test control plane runs the newest;
 * kubeconform's schemas are made for both). Everything else that names a Kubernetes version
 * derives it from here.
 */
export const kubernetesRange = { oldest: "1.32.13", newest: "1.36.3" } as const;

/** `1.36.3` → `1.36`. */
export const minorOf = (version: string) => version.split(".").slice(0, 2).join(".");

export const chartMetadata = {
  name: "cryptoflow",
  version: "0.7.1",
  /** The CryptoFlow application image tag the chart deploys by default. */
  appVersion: "1.0.0",
  kubeVersion: `>=${minorOf(kubernetesRange.oldest)}.0-0`,
  description:
    "CryptoFlow trading simulation: FastAPI API, Celery worker, MCP server, market-data and order gRPC services, with PostgreSQL, Redis, RabbitMQ and Chroma",
  keywords: ["cryptoflow", "trading", "fastapi", "celery", "grpc", "mcp"],
  maintainers: [{ name: "CryptoFlow chart maintainers" }],
};
