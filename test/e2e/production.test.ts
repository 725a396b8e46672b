// The production profile on the real node, as its comment says to run it: PostgreSQL is a
// managed service (here a stand-in server in a namespace the release does not manage, reached
// through externalDatabase), every credential comes from the Secret cryptoflow-credentials made
// beforehand, Redis, RabbitMQ and Chroma run as StatefulSets on their own claims, and the
// multi-replica workloads run their replicas. The API is a ClusterIP Service behind an Ingress
// there, so the test reaches it as an operator would, through `kubectl port-forward`. Migrations
// run as a plain Job (migrations.mode=plain), the way a GitOps deployer without Helm hooks runs them.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { chartDir } from "../../scripts/chart/folder.ts";
import { waitFor } from "../../scripts/cluster/wait.ts";
import { helms } from "../render.ts";
import { placeOrderThroughApi } from "./application.ts";
import { getJson, kubectl, portForward } from "./kubectl.ts";
import {
  createCredentialsSecret,
  type ManagedDatabase,
  queryManagedDatabase,
  startManagedDatabase,
} from "./managed-database.ts";
import {
  createRestrictedNamespace,
  installRelease,
  podsOf,
  type Release,
  releaseName,
  uninstallRelease,
} from "./release.ts";

const binary = helms.at(-1);
if (!binary) throw new Error("no helm binary to test with");
const suffix = randomBytes(2).toString("hex");
const namespace = `e2e-production-${suffix}`;
const databaseNamespace = `e2e-managed-db-${suffix}`;
/** A random password with characters a URL must encode: existingSecret holds it as it is. */
const secret = (bytes: number) => `${randomBytes(bytes).toString("base64url")} %2F @/#+:?&=`;

/** The image the chart's own postgres runs, so the stand-in needs nothing the node does not have. */
function chartPostgresImage(): string {
  const values = parse(readFileSync(join(chartDir, "values.yaml"), "utf8")) as {
    postgres: { image: { registry: string; repository: string; tag: string } };
  };
  const { registry, repository, tag } = values.postgres.image;
  return `${registry}/${repository}:${tag}`;
}

describe("the production profile on the real node, with a managed database and existingSecret", () => {
  let release: Release;
  let database: ManagedDatabase;

  beforeAll(async () => {
    database = await startManagedDatabase(databaseNamespace, chartPostgresImage(), secret(18));
    await createRestrictedNamespace(namespace);
    await createCredentialsSecret(namespace, "cryptoflow-credentials", database, {
      redis: secret(18),
      rabbitmq: secret(18),
    });
    release = await installRelease(
      binary,
      namespace,
      [
        "--values",
        join(chartDir, "profiles", "production.yaml"),
        "--set",
        `externalDatabase.host=${database.host}`,
        // As a team deploying with Flux or kubectl runs it: no hooks; the readers wait for the schema.
        "--set",
        "migrations.mode=plain",
      ],
      { namespaceCreated: true },
    );
    console.log(`helm ${binary.version}: production profile Ready in ${release.installSeconds.toFixed(0)}s`);
  }, 14 * 60_000);

  afterAll(async () => {
    if (release) await uninstallRelease(release);
    await kubectl(["delete", "namespace", databaseNamespace, "--wait=false"]);
  }, 6 * 60_000);

  it("runs every replica Ready, the datastores as StatefulSets on bound claims, and no postgres of its own", async () => {
    const pods = (await podsOf(namespace)).filter((p) => p.status.phase === "Running");
    const count = (component: string) =>
      pods.filter(
        (p) =>
          p.metadata.labels?.["app.kubernetes.io/component"] === component &&
          p.status.containerStatuses?.every((c) => c.ready),
      ).length;
    expect({
      api: count("api"),
      worker: count("worker"),
      mcp: count("mcp"),
      "market-data": count("market-data"),
      "order-service": count("order-service"),
      redis: count("redis"),
      rabbitmq: count("rabbitmq"),
      chroma: count("chroma"),
      postgres: count("postgres"),
    }).toEqual({
      api: 3,
      worker: 2,
      mcp: 2,
      "market-data": 2,
      "order-service": 1,
      redis: 1,
      rabbitmq: 1,
      chroma: 1,
      postgres: 0,
    });
    const claims = await getJson<{ items: { metadata: { name: string }; status: { phase: string } }[] }>(namespace, [
      "pvc",
    ]);
    expect(claims.items.map((c) => `${c.metadata.name} ${c.status.phase}`).sort()).toEqual([
      "data-chroma-0 Bound",
      "data-rabbitmq-0 Bound",
      "data-redis-0 Bound",
    ]);
  });

  it("ran the migrations against the managed database", async () => {
    const tables = await queryManagedDatabase(
      database,
      "select to_regclass('public.orders'), (select count(*) from alembic_version)",
    );
    expect(tables.trim()).toBe("orders|1");
  });

  it("ran them as a plain Job (migrations.mode=plain): named by its spec, no hook, and mcp and order-service started once the schema was at Alembic's head", async () => {
    interface Jobs {
      items: { metadata: { name: string; annotations?: Record<string, string> }; status: { succeeded?: number } }[];
    }
    const jobs = await waitFor(
      "the migrations Job to succeed",
      async () => {
        const found = await getJson<Jobs>(namespace, ["jobs", "-l", "app.kubernetes.io/component=migrations"]);
        return found.items.every((job) => job.status.succeeded === 1) && found;
      },
      60_000,
      1000,
    );
    expect(jobs.items.map((job) => job.metadata.name)).toEqual([expect.stringMatching(/^migrations-[0-9a-f]{10}$/)]);
    const annotations = Object.keys(jobs.items[0].metadata.annotations ?? {});
    expect(annotations.filter((key) => key.startsWith("helm.sh/hook"))).toEqual([]);
    for (const component of ["mcp", "order-service"]) {
      const log = await kubectl(["-n", namespace, "logs", `deployment/${component}`, "-c", "wait-for-schema"]);
      expect(log.stdout, component).toMatch(/the database schema is at this image's head, \w+: starting/);
    }
  });

  it("passes `helm test`", async () => {
    const result = await release.helm.run(["test", releaseName, "--namespace", namespace, "--timeout", "5m"]);
    expect(result.exitCode, `${result.stdout}\n${result.stderr}`).toBe(0);
    expect(result.stdout).not.toMatch(/Phase:\s+Failed/);
  });

  it("stores an order placed through the API in the managed database", async () => {
    const forward = await portForward(namespace, "api", 8000);
    try {
      const placed = await placeOrderThroughApi(forward.url, { symbol: "SOL", side: "SELL", quantity: 3, price: 151 });
      expect(placed.status, JSON.stringify(placed.body)).toBe(200);
      const row = await queryManagedDatabase(
        database,
        `select symbol, quantity, side from orders where order_id = '${placed.body.order_id}'`,
      );
      expect(row.trim()).toBe("SOL|3|SELL");
    } finally {
      forward.stop();
    }
  });
});
