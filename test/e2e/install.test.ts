// The default install on a real node, on Helm 4 and Helm 3 in turn: every pod Ready through its
// real probes, the migrations really run, `helm test` really passes (and really fails when an
// allowed connection is taken away), the NetworkPolicies enforced edge by edge and non-edge by
// non-edge, cluster DNS names resolving, and the API answering on NodePort 30000 from the host.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { stringify } from "yaml";
import { chartDir } from "../../scripts/chart/folder.ts";
import { waitFor } from "../../scripts/cluster/wait.ts";
import { components, graph, servedComponents, serviceTable } from "../expectations.ts";
import { helms } from "../render.ts";
import { amqp, callMcpTool, placeOrderThroughApi, psql, rabbitmqBindings, redisCli } from "./application.ts";
import { podSecurityAuditViolations } from "./audit-log.ts";
import { probeFrom, type Target, targetKey } from "./connections.ts";
import { execIn, getJson, kubectl, kubectlOk, portForward } from "./kubectl.ts";
import { installRelease, podOf, podsOf, type Release, releaseName, uninstallRelease } from "./release.ts";

/** The port each Service is dialled on: its first (RabbitMQ's AMQP, not its management UI). */
const servicePort: Record<string, number> = Object.fromEntries(
  Object.entries(serviceTable).map(([name, { ports }]) => [name, Number(Object.keys(ports)[0])]),
);
const edges = new Set(graph.map((edge) => edge.replace(/:\d+$/, "")));
const serviceHost = (namespace: string, service: string) => `${service}.${namespace}.svc.cluster.local`;

/** How many times the job controller reported the migrations Job complete (events outlive the deleted hook Job). */
async function migrationsCompleted(namespace: string): Promise<number> {
  const events = await getJson<{ items: unknown[] }>(namespace, [
    "events",
    "--field-selector=involvedObject.kind=Job,involvedObject.name=migrations,reason=Completed",
  ]);
  return events.items.length;
}

interface NetworkPolicy {
  metadata: { name: string };
  spec: { ingress?: { from?: { podSelector?: { matchLabels?: Record<string, string> } }[] }[] };
}

/**
 * Passwords a user may choose, with every character that means something in a URL, a shell or
 * Alembic's ConfigParser. The Helm 3 run sets them; the Helm 4 run (the local profile) lets the
 * chart generate its own.
 */
const awkwardPasswords = {
  postgres: { auth: { password: "pg %41 @host/db #frag +plus:colon?q=1&x" } },
  redis: { auth: { password: "rd %% @/ #+ :?&=" } },
  rabbitmq: { auth: { password: "mq %2F @/ #+ :?&=" } },
};

describe.each(helms)("the default install on a real node, with Helm $major", (binary) => {
  let release: Release;
  const namespace = `e2e-helm${binary.major}-${randomBytes(2).toString("hex")}`;
  const setsPasswords = binary.major === 3;
  const valuesDir = mkdtempSync(join(tmpdir(), "cryptoflow-e2e-values-"));

  beforeAll(async () => {
    const valuesFile = join(valuesDir, "passwords.yaml");
    writeFileSync(valuesFile, stringify(awkwardPasswords));
    // Helm 4 installs the local profile, which is the chart's defaults; Helm 3 the same with set passwords.
    const values = setsPasswords ? valuesFile : join(chartDir, "profiles", "local.yaml");
    release = await installRelease(binary, namespace, ["--values", values]);
    console.log(`helm ${binary.version}: default install Ready in ${release.installSeconds.toFixed(0)}s`);
  }, 12 * 60_000);

  afterAll(async () => {
    rmSync(valuesDir, { recursive: true, force: true });
    if (release) await uninstallRelease(release);
  }, 6 * 60_000);

  it("installs without a Pod Security warning, and the audit log records no violation of its objects", () => {
    expect(release.installStderr).not.toMatch(/PodSecurity/);
    if (inject("auditLog")) expect(podSecurityAuditViolations(namespace)).toEqual([]);
  });

  // Only the run that set passwords has a value to compare with (not a skip: the Helm 4 run has no such test).
  if (setsPasswords) {
    it("hands the passwords set in values to the datastores unchanged", async () => {
      const secret = await getJson<{ data: Record<string, string> }>(namespace, ["secret", "cryptoflow-secrets"]);
      const stored = (key: string) => Buffer.from(secret.data[key] ?? "", "base64").toString();
      expect(stored("POSTGRES_PASSWORD")).toBe(awkwardPasswords.postgres.auth.password);
      expect(stored("REDIS_PASSWORD")).toBe(awkwardPasswords.redis.auth.password);
      expect(stored("RABBITMQ_PASSWORD")).toBe(awkwardPasswords.rabbitmq.auth.password);
    });
  }

  it("gets every component's pod Running and Ready through its own probes", async () => {
    const pods = await podsOf(namespace);
    for (const component of components) {
      const pod = pods.find((p) => p.metadata.labels?.["app.kubernetes.io/component"] === component);
      expect(pod, `a pod of ${component}`).toBeDefined();
      expect(pod?.status.phase, `${component} phase`).toBe("Running");
      expect(
        pod?.status.containerStatuses?.every((c) => c.ready),
        `${component} containers ready`,
      ).toBe(true);
    }
  });

  it("has run the Alembic migrations: the Job completed and the orders table exists in PostgreSQL", async () => {
    expect(await migrationsCompleted(namespace)).toBe(1);
    const postgres = await podOf(namespace, "postgres");
    const query = `psql -v ON_ERROR_STOP=1 -U "$POSTGRES_USER" -d "$POSTGRES_DB" -Atc "select to_regclass('public.orders'), (select version_num from alembic_version)"`;
    const result = await execIn(namespace, postgres, ["bash", "-c", query]);
    expect(result.stderr).toBe("");
    expect(result.stdout.trim()).toMatch(/^orders\|\w+$/);
  });

  it("passes `helm test`: the test pods ran their checks and succeeded", async () => {
    const result = await release.helm.run(["test", releaseName, "--namespace", namespace, "--timeout", "5m"]);
    expect(result.stderr, result.stdout).toBe("");
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/TEST SUITE:\s+test-api-connections[\s\S]*Phase:\s+Succeeded/);
    expect(result.stdout).not.toMatch(/Phase:\s+Failed/);
  });

  it("runs the migrations Job again before `helm upgrade`, and every pod is Ready after it", async () => {
    const result = await release.helm.run(
      ["upgrade", releaseName, chartDir, "--namespace", namespace, "--reuse-values", "--wait", "--timeout", "5m"],
      6 * 60_000,
    );
    expect(result.exitCode, result.stderr).toBe(0);
    expect(await migrationsCompleted(namespace)).toBe(2);
    const running = (await podsOf(namespace)).filter((p) => p.status.phase === "Running");
    const runningComponents = new Set(running.map((p) => p.metadata.labels?.["app.kubernetes.io/component"]));
    expect([...runningComponents].sort()).toEqual([...components].sort());
    expect(running.every((p) => p.status.containerStatuses?.every((c) => c.ready))).toBe(true);
  });

  it("lets each component open exactly its edges of the graph, and refuses every other pair", async () => {
    const mismatches: string[] = [];
    let probes = 0;
    for (const source of components) {
      const targets: Target[] = servedComponents
        .filter((target) => target !== source)
        .map((target) => ({ host: serviceHost(namespace, target), port: servicePort[target] as number }));
      const open = await probeFrom(namespace, await podOf(namespace, source), targets);
      for (const target of servedComponents.filter((t) => t !== source)) {
        const expected = edges.has(`${source} → ${target}`);
        const actual = open.get(
          targetKey({ host: serviceHost(namespace, target), port: servicePort[target] as number }),
        );
        probes++;
        if (actual !== expected) mismatches.push(`${source} → ${target}: ${actual ? "connected" : "refused"}`);
      }
    }
    // 9 sources × 8 Services, less each served component dialling itself.
    expect(probes).toBe(components.length * servedComponents.length - servedComponents.length);
    expect(mismatches).toEqual([]);
  });

  it("resolves the gRPC services' cluster DNS names from the api pod, to their ClusterIPs", async () => {
    const api = await podOf(namespace, "api");
    for (const service of ["market-data", "order-service"]) {
      const clusterIp = await kubectlOk([
        "-n",
        namespace,
        "get",
        "service",
        service,
        "-o",
        "jsonpath={.spec.clusterIP}",
      ]);
      const resolved = await execIn(namespace, api, ["getent", "hosts", serviceHost(namespace, service)]);
      expect(resolved.stdout.split(/\s+/)[0], service).toBe(clusterIp);
    }
  });

  it("answers the API's GET / on NodePort 30000 of the node, from the host", async () => {
    const response = await fetch(`http://${inject("nodeAddress")}:30000/`, { signal: AbortSignal.timeout(10_000) });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "active", system: "CryptoFlow" });
  });

  it("takes an order through the API: order-service prices it with market-data, stores it in PostgreSQL and publishes order.created", async () => {
    const observer = `e2e-order-observer-${randomBytes(2).toString("hex")}`;
    await amqp(namespace, "bind", observer);
    const placed = await placeOrderThroughApi(`http://${inject("nodeAddress")}:30000`, {
      symbol: "BTC",
      side: "BUY",
      quantity: 0.5,
      price: 61000,
    });
    expect(placed.status, JSON.stringify(placed.body)).toBe(200);
    expect(placed.body.status).toBe("ACCEPTED");
    const orderId = String(placed.body.order_id);
    expect(
      await psql(namespace, `select symbol, quantity, price, side from orders where order_id = '${orderId}'`),
    ).toBe("BTC|0.5|61000|BUY");
    const event = JSON.parse(await amqp(namespace, "get", observer)) as Record<string, unknown>;
    expect(event).toMatchObject({ event: "order_created", order_id: orderId, status: "ACCEPTED" });
    // Where the API's path ends: nothing but the observer is bound to order_events, so without it
    // RabbitMQ drops the event; the worker consumes Celery tasks (the next test), not this exchange.
    expect(await rabbitmqBindings(namespace, "order_events")).toEqual([`${observer} order.#`]);
  });

  it("answers on mcp's SSE endpoint and runs place_order: a row in PostgreSQL, the price cached in Redis, a task the worker consumes", async () => {
    const forward = await portForward(namespace, "mcp", 8000);
    try {
      const result = await callMcpTool(forward.url, "place_order", {
        symbol: "ETH",
        side: "BUY",
        amount: 2,
        price: 3100,
      });
      expect(result.tools).toContain("place_order");
      expect(result.isError, result.text).toBe(false);
      const orderId = result.text.match(/Order ID: ([0-9a-f-]{36})/)?.[1];
      expect(orderId, result.text).toBeDefined();
      expect(
        await psql(namespace, `select symbol, quantity, price, side from orders where order_id = '${orderId}'`),
      ).toBe("ETH|2|3100|BUY");
      // The worker's Celery task marks each order it processed in Redis (src/application/tasks.py).
      await waitFor(
        `redis key processed_event:${orderId}`,
        async () => (await redisCli(namespace, "exists", `processed_event:${orderId}`)) === "1",
        30_000,
        1000,
      );
      // …and logs its completion two seconds later.
      await waitFor(
        `the worker's log to report order ${orderId} processed`,
        async () => {
          const log = await kubectl(["-n", namespace, "logs", "deployment/worker"]);
          return new RegExp(`worker_task_complete\\s+order_id=${orderId} status=PROCESSED`).test(log.stdout);
        },
        30_000,
        1000,
      );
    } finally {
      forward.stop();
    }
  });

  it("fails `helm test` once redis stops admitting the api, naming the broken connection", async () => {
    const policies = await getJson<{ items: NetworkPolicy[] }>(namespace, [
      "networkpolicies",
      "-l",
      `app.kubernetes.io/instance=${releaseName},app.kubernetes.io/component=redis`,
    ]);
    expect(policies.items).toHaveLength(1);
    const policy = policies.items[0] as NetworkPolicy;
    const apiRule = (policy.spec.ingress ?? []).findIndex((rule) =>
      rule.from?.some((peer) => peer.podSelector?.matchLabels?.["cryptoflow.io/network-identity"] === "api"),
    );
    expect(apiRule).toBeGreaterThanOrEqual(0);
    await kubectlOk([
      "-n",
      namespace,
      "patch",
      "networkpolicy",
      policy.metadata.name,
      "--type=json",
      `-p=[{"op":"remove","path":"/spec/ingress/${apiRule}"}]`,
    ]);
    const result = await release.helm.run(["test", releaseName, "--namespace", namespace, "--timeout", "3m"]);
    expect(result.exitCode).not.toBe(0);
    expect(`${result.stdout}\n${result.stderr}`).toMatch(/test-api-connections/);
    // A failed test pod stays for its log, as a user would read it.
    const log = await kubectlOk(["-n", namespace, "logs", "test-api-connections"]);
    expect(log.trim().split("\n").at(-1)).toBe("api → redis: connecting to port 6379");
  });
});
