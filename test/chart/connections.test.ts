// Who finds whom: every connection string points at a Service of the same release, in the
// release's namespace, and each component gets the addresses of what it talks to and no others.
import type { V1Deployment, V1Job } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import type { RenderOptions } from "../../scripts/chart/helm-template.ts";
import { applicationEnv, container, deployments, helms, named, ofKind, render, services } from "../render.ts";

const connectionVariables = [
  "DATABASE_URL",
  "REDIS_URL",
  "CELERY_RESULT_BACKEND",
  "CELERY_BROKER_URL",
  "RABBITMQ_URL",
  "MARKET_DATA_GRPC_TARGET",
  "ORDER_SERVICE_GRPC_TARGET",
];

const aiKeys = [
  "OPENAI_API_KEY",
  "GOOGLE_API_KEY",
  "AZURE_OPENAI_ENDPOINT",
  "AZURE_OPENAI_API_KEY",
  "AZURE_OPENAI_DEPLOYMENT_NAME",
  "AZURE_SEARCH_ENDPOINT",
  "AZURE_SEARCH_API_KEY",
  "AZURE_SEARCH_INDEX_NAME",
];

/**
 * The whole environment of each application container: what its process reads in the
 * application's source (api: src/infrastructure/cache.py; worker: src/infrastructure/celery_app.py
 * and src/application/tasks.py; mcp: src/config.py, cache.py, celery_app.py and the AI keys of
 * src/ai/; order-service: src/services/order_service/server.py), plus the gRPC targets handed out
 * for the application to adopt, and mcp's writable HOME, chromadb telemetry off and Hugging Face
 * offline where the NetworkPolicy blocks the internet. Nothing else.
 */
const expectedEnvironment: Record<string, string[]> = {
  api: ["REDIS_URL", "MARKET_DATA_GRPC_TARGET", "ORDER_SERVICE_GRPC_TARGET"],
  worker: ["CELERY_BROKER_URL", "CELERY_RESULT_BACKEND", "REDIS_URL"],
  mcp: [
    "HOME",
    "ANONYMIZED_TELEMETRY",
    "HF_HUB_OFFLINE",
    "DATABASE_URL",
    "REDIS_URL",
    "CELERY_BROKER_URL",
    "CELERY_RESULT_BACKEND",
    ...aiKeys,
  ],
  "market-data": [],
  "order-service": ["DATABASE_URL", "RABBITMQ_URL", "MARKET_DATA_GRPC_TARGET"],
};

/** The passwords each container is given to put into its URLs (Secret keys). */
const urlPasswords: Record<string, string[]> = {
  api: ["REDIS_PASSWORD"],
  worker: ["RABBITMQ_PASSWORD", "REDIS_PASSWORD"],
  mcp: ["POSTGRES_PASSWORD", "REDIS_PASSWORD", "RABBITMQ_PASSWORD"],
  "order-service": ["POSTGRES_PASSWORD", "RABBITMQ_PASSWORD"],
};

async function envOf(helm: (typeof helms)[number], name: string, options: RenderOptions = {}) {
  const rendered = await render(helm, options);
  return applicationEnv(rendered, container(named<V1Deployment>(rendered, "Deployment", name)));
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
    const options = { namespace: "trading", set: { "global.clusterDomain": "corp.local" } };
    const env = await envOf(helm, "api", options);
    expect(env.MARKET_DATA_GRPC_TARGET).toBe("market-data.trading.svc.corp.local:50051");
    expect(env.ORDER_SERVICE_GRPC_TARGET).toBe("order-service.trading.svc.corp.local:50052");
    expect(new URL(env.REDIS_URL).hostname).toBe("redis.trading.svc.corp.local");
    const mcp = await envOf(helm, "mcp", options);
    expect(new URL(mcp.DATABASE_URL).hostname).toBe("postgres.trading.svc.corp.local");
  });

  it("builds each URL in the form the application parses", async () => {
    const mcp = await envOf(helm, "mcp");
    expect(mcp.DATABASE_URL).toMatch(
      /^postgresql\+asyncpg:\/\/cryptoflow:[^@]+@postgres\.default\.svc\.cluster\.local:5432\/cryptoflow$/,
    );
    expect(mcp.REDIS_URL).toMatch(/^redis:\/\/:[^@]+@redis\.default\.svc\.cluster\.local:6379\/0$/);
    expect(mcp.CELERY_RESULT_BACKEND).toBe(mcp.REDIS_URL);
    expect(mcp.CELERY_BROKER_URL).toMatch(
      /^amqp:\/\/cryptoflow:[^@]+@rabbitmq\.default\.svc\.cluster\.local:5672\/\/$/,
    );
    const orderService = await envOf(helm, "order-service");
    expect(orderService.RABBITMQ_URL).toMatch(
      /^amqp:\/\/cryptoflow:[^@]+@rabbitmq\.default\.svc\.cluster\.local:5672\/$/,
    );
    expect(orderService.DATABASE_URL).toBe(mcp.DATABASE_URL);
  });

  it("gives each application container exactly the environment its process reads", async () => {
    const rendered = await render(helm);
    for (const [name, wanted] of Object.entries(expectedEnvironment)) {
      const given = container(named<V1Deployment>(rendered, "Deployment", name));
      const names = (given.env ?? []).map((env) => env.name);
      // The container is also given the passwords its URLs need; its start command puts them in
      // the URLs and removes them, so the process itself sees only what it reads.
      expect(names.sort(), name).toEqual([...wanted, ...(urlPasswords[name] ?? [])].sort());
      const seen = Object.keys(applicationEnv(rendered, given));
      expect(
        seen.filter((variable) => variable.endsWith("_PASSWORD")),
        name,
      ).toEqual([]);
    }
  });

  it("keeps mcp's Hugging Face client offline exactly when its NetworkPolicy blocks the internet", async () => {
    expect((await envOf(helm, "mcp")).HF_HUB_OFFLINE).toBe("1");
    expect((await envOf(helm, "mcp", { set: { "ai.openaiApiKey": "sk-test" } })).HF_HUB_OFFLINE).toBe("0");
    expect((await envOf(helm, "mcp", { set: { "networkPolicy.enabled": false } })).HF_HUB_OFFLINE).toBe("0");
  });

  it("hands the migrations Job the database URL and its password, nothing else of the release", async () => {
    const rendered = await render(helm);
    const [job] = ofKind<V1Job>(rendered, "Job");
    const names = (job.spec?.template.spec?.containers[0].env ?? []).map((env) => env.name);
    expect(names.sort()).toEqual(["DATABASE_URL", "MIGRATIONS_WHEN_SCRIPTS_MISSING", "POSTGRES_PASSWORD"]);
  });

  it.each([
    ["default names", {}],
    ["release-prefixed names", { release: "blue", set: { prefixWithReleaseName: true } }],
    ["nameOverride", { set: { nameOverride: "trading" } }],
    ["fullnameOverride", { release: "blue", set: { fullnameOverride: "shop", prefixWithReleaseName: true } }],
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
        const env = applicationEnv(rendered, container(deployment));
        for (const variable of connectionVariables.filter((name) => env[name])) {
          expect(serviceHosts, `${deployment.metadata?.name} ${variable}`).toContain(hostOf(env[variable]));
          checked++;
        }
      }
      // api 3, worker 3, mcp 4, order-service 3.
      expect(checked).toBe(13);
    },
  );

  it("passes the same passwords to the datastores as to their clients", async () => {
    const rendered = await render(helm, { set: { "postgres.auth.password": "s3cret/with@chars" } });
    const envIn = (name: string) =>
      applicationEnv(rendered, container(named<V1Deployment>(rendered, "Deployment", name)));
    const mcp = envIn("mcp");
    expect(envIn("postgres").POSTGRES_PASSWORD).toBe("s3cret/with@chars");
    expect(decodeURIComponent(new URL(mcp.DATABASE_URL).password)).toBe("s3cret/with@chars");
    expect(decodeURIComponent(new URL(mcp.REDIS_URL).password)).toBe(envIn("redis").REDIS_PASSWORD);
    expect(decodeURIComponent(new URL(mcp.CELERY_BROKER_URL).password)).toBe(envIn("rabbitmq").RABBITMQ_DEFAULT_PASS);
  });
});
