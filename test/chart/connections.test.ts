// Who finds whom: every connection string points at a Service of the same release, in the
// release's namespace, and each component gets the addresses of what it talks to and no others.
import type { V1Deployment } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { container, deployments, helms, named, type RenderOptions, render, resolvedEnv, services } from "../render.ts";

const connectionVariables = [
  "DATABASE_URL",
  "REDIS_URL",
  "CELERY_RESULT_BACKEND",
  "CELERY_BROKER_URL",
  "RABBITMQ_URL",
  "CHROMA_HOST",
  "CHROMA_PORT",
  "MARKET_DATA_GRPC_TARGET",
  "ORDER_SERVICE_GRPC_TARGET",
];

/** What each component reads, from cryptoflow-facts.md's tables. */
const expectedConnections: Record<string, string[]> = {
  api: [
    "DATABASE_URL",
    "REDIS_URL",
    "CELERY_RESULT_BACKEND",
    "CELERY_BROKER_URL",
    "CHROMA_HOST",
    "CHROMA_PORT",
    "MARKET_DATA_GRPC_TARGET",
    "ORDER_SERVICE_GRPC_TARGET",
  ],
  worker: ["DATABASE_URL", "REDIS_URL", "CELERY_RESULT_BACKEND", "CELERY_BROKER_URL"],
  mcp: ["DATABASE_URL", "CHROMA_HOST", "CHROMA_PORT"],
  "order-service": ["DATABASE_URL", "RABBITMQ_URL", "MARKET_DATA_GRPC_TARGET"],
  "market-data": [],
};

async function envOf(helm: (typeof helms)[number], name: string, options: RenderOptions = {}) {
  const rendered = await render(helm, options);
  return resolvedEnv(rendered, container(named<V1Deployment>(rendered, "Deployment", name)));
}

/** host[:port] of a URL or a bare gRPC target. */
function hostOf(value: string): string {
  return value.includes("://") ? new URL(value).hostname : value.split(":")[0];
}

describe.each(helms)("connection settings with helm $version", (helm) => {
  it("hands the API the gRPC targets in the default namespace", async () => {
    const env = await envOf(helm, "api", { namespace: "default" });
    expect(env.MARKET_DATA_GRPC_TARGET).toBe("market-data.default.svc.cluster.local:50051");
    expect(env.ORDER_SERVICE_GRPC_TARGET).toBe("order-service.default.svc.cluster.local:50052");
  });

  it("follows the release namespace and the cluster domain", async () => {
    const env = await envOf(helm, "api", { namespace: "trading", set: { "global.clusterDomain": "corp.local" } });
    expect(env.MARKET_DATA_GRPC_TARGET).toBe("market-data.trading.svc.corp.local:50051");
    expect(env.ORDER_SERVICE_GRPC_TARGET).toBe("order-service.trading.svc.corp.local:50052");
    expect(new URL(env.DATABASE_URL).hostname).toBe("postgres.trading.svc.corp.local");
  });

  it("builds each URL in the form the application parses", async () => {
    const env = await envOf(helm, "api");
    expect(env.DATABASE_URL).toMatch(
      /^postgresql\+asyncpg:\/\/cryptoflow:[^@]+@postgres\.default\.svc\.cluster\.local:5432\/cryptoflow$/,
    );
    expect(env.REDIS_URL).toMatch(/^redis:\/\/:[^@]+@redis\.default\.svc\.cluster\.local:6379\/0$/);
    expect(env.CELERY_RESULT_BACKEND).toBe(env.REDIS_URL);
    expect(env.CELERY_BROKER_URL).toMatch(
      /^amqp:\/\/cryptoflow:[^@]+@rabbitmq\.default\.svc\.cluster\.local:5672\/\/$/,
    );
    expect(env.CHROMA_HOST).toBe("chroma.default.svc.cluster.local");
    expect(env.CHROMA_PORT).toBe("8000");
    const orderService = await envOf(helm, "order-service");
    expect(orderService.RABBITMQ_URL).toMatch(
      /^amqp:\/\/cryptoflow:[^@]+@rabbitmq\.default\.svc\.cluster\.local:5672\/$/,
    );
  });

  it("gives each component the connection settings of what it talks to, and no others", async () => {
    for (const [name, wanted] of Object.entries(expectedConnections)) {
      const env = await envOf(helm, name);
      const got = Object.keys(env).filter((variable) => connectionVariables.includes(variable));
      expect(got.sort(), name).toEqual([...wanted].sort());
    }
  });

  it.each([
    ["default names", {}],
    ["release-prefixed names", { release: "blue", set: { prefixWithReleaseName: true } }],
  ] as [string, RenderOptions][])(
    "points every connection host at a Service of the same render (%s)",
    async (_, options) => {
      const rendered = await render(helm, options);
      const namespace = options.namespace ?? "default";
      const serviceHosts = services(rendered).map(
        (service) => `${service.metadata?.name}.${namespace}.svc.cluster.local`,
      );
      let checked = 0;
      for (const deployment of deployments(rendered)) {
        const env = resolvedEnv(rendered, container(deployment));
        for (const variable of connectionVariables.filter((name) => name !== "CHROMA_PORT" && env[name])) {
          expect(serviceHosts, `${deployment.metadata?.name} ${variable}`).toContain(hostOf(env[variable]));
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(15);
    },
  );

  it("passes the same passwords to the datastores as to their clients", async () => {
    const rendered = await render(helm, { set: { "postgres.auth.password": "s3cret/with@chars" } });
    const postgres = resolvedEnv(rendered, container(named<V1Deployment>(rendered, "Deployment", "postgres")));
    const api = resolvedEnv(rendered, container(named<V1Deployment>(rendered, "Deployment", "api")));
    expect(postgres.POSTGRES_PASSWORD).toBe("s3cret/with@chars");
    expect(decodeURIComponent(new URL(api.DATABASE_URL).password)).toBe("s3cret/with@chars");
    const redis = resolvedEnv(rendered, container(named<V1Deployment>(rendered, "Deployment", "redis")));
    expect(decodeURIComponent(new URL(api.REDIS_URL).password)).toBe(redis.REDIS_PASSWORD);
    const rabbitmq = resolvedEnv(rendered, container(named<V1Deployment>(rendered, "Deployment", "rabbitmq")));
    expect(decodeURIComponent(new URL(api.CELERY_BROKER_URL).password)).toBe(rabbitmq.RABBITMQ_DEFAULT_PASS);
  });
});
