import type { Profile } from "./profile.ts";

/** A datastore as the application's production note says (docs/documentation/k8s_theory.md): a StatefulSet with its own volume. */
const statefulSet = (size: string) => ({
  workload: "StatefulSet" as const,
  persistence: { enabled: true, size, keepOnUninstall: true },
});

const spread = { topologySpread: { enabled: true, whenUnsatisfiable: "ScheduleAnyway" as const } };

export const production: Profile = {
  name: "production",
  description: [
    "Production: PostgreSQL is a managed service (externalDatabase), Redis, RabbitMQ and Chroma run as",
    "StatefulSets on their own volumes; every credential comes from the Secret cryptoflow-credentials",
    "(create it first, see the chart README); market-data autoscales from 2 to 5 pods while order-service",
    "stays at 1; multi-replica workloads have PodDisruptionBudgets and spread across nodes; the API is",
    "published through an Ingress with TLS (or set api.service.type=LoadBalancer and api.ingress.enabled=false);",
    "an image without Alembic's migrations fails the release.",
  ].join(" "),
  values: {
    profile: "production",
    existingSecret: "cryptoflow-credentials",
    postgres: { enabled: false },
    externalDatabase: { host: "cryptoflow-db.internal.example.com", port: 5432, egressCidr: "10.0.0.0/8" },
    redis: statefulSet("8Gi"),
    rabbitmq: statefulSet("8Gi"),
    chroma: statefulSet("20Gi"),
    api: {
      replicaCount: 3,
      service: { type: "ClusterIP" },
      ingress: {
        enabled: true,
        host: "cryptoflow.example.com",
        annotations: { "cert-manager.io/cluster-issuer": "letsencrypt" },
        tls: { enabled: true, secretName: "cryptoflow-tls" },
      },
      ...spread,
    },
    worker: { replicaCount: 2, ...spread },
    mcp: { replicaCount: 2, ...spread },
    marketData: {
      autoscaling: { enabled: true, minReplicas: 2, maxReplicas: 5, targetCPUUtilizationPercentage: 70 },
      ...spread,
    },
    orderService: { replicaCount: 1, autoscaling: { enabled: false } },
    // An image without Alembic's scripts stops the release instead of leaving the schema uncreated.
    migrations: { whenScriptsMissing: "fail" },
  },
};
