// CryptoFlow's own paths, used the way its users use them: orders through the API's REST route,
// tools through an MCP client on mcp's SSE endpoint, and what they leave behind read where it
// lands (a row in PostgreSQL, a key in Redis, a message in RabbitMQ, the worker's log).
import { readFileSync } from "node:fs";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { SSEClientTransport } from "@modelcontextprotocol/sdk/client/sse.js";
import { splitAtUrlPasswordStep } from "../render.ts";
import { execIn, getJson, kubectlOk } from "./kubectl.ts";
import { podOf } from "./release.ts";

export interface Order {
  symbol: string;
  side: "BUY" | "SELL";
  quantity: number;
  price: number;
}

/** POST /api/v1/orders: the API hands the order to order-service over gRPC. */
export async function placeOrderThroughApi(
  apiUrl: string,
  order: Order,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${apiUrl}/api/v1/orders`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(order),
    signal: AbortSignal.timeout(30_000),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Connects an MCP client to `<mcpUrl>/sse`, runs one tool and returns its text. */
export async function callMcpTool(mcpUrl: string, tool: string, args: Record<string, unknown>) {
  const client = new Client({ name: "cryptoflow-e2e", version: "1.0.0" });
  await client.connect(new SSEClientTransport(new URL(`${mcpUrl}/sse`)));
  try {
    const tools = (await client.listTools()).tools.map((t) => t.name);
    const result = await client.callTool({ name: tool, arguments: args }, undefined, { timeout: 60_000 });
    const content = result.content as { type: string; text?: string }[];
    return { tools, isError: result.isError === true, text: content.map((c) => c.text ?? "").join("\n") };
  } finally {
    await client.close();
  }
}

/** One SQL query through psql in the postgres pod, as its own superuser; rows as `a|b` lines. */
export async function psql(namespace: string, sql: string): Promise<string> {
  const pod = await podOf(namespace, "postgres");
  const command = `psql -v ON_ERROR_STOP=1 -U "$POSTGRES_USER" -d "$POSTGRES_DB" -Atc "$0"`;
  const result = await execIn(namespace, pod, ["bash", "-c", command, sql]);
  if (result.exitCode !== 0) throw new Error(`psql failed: ${result.stderr}`);
  return result.stdout.trim();
}

/** One redis-cli command in the redis pod, authenticated with the pod's own password. */
export async function redisCli(namespace: string, ...args: string[]): Promise<string> {
  const pod = await podOf(namespace, "redis");
  const command = `redis-cli --no-auth-warning -a "$REDIS_PASSWORD" "$@"`;
  const result = await execIn(namespace, pod, ["sh", "-c", command, "redis-cli", ...args]);
  if (result.exitCode !== 0) throw new Error(`redis-cli ${args.join(" ")} failed: ${result.stderr}`);
  return result.stdout.trim();
}

const amqpScript = readFileSync(new URL("./amqp.py", import.meta.url), "utf8");

/**
 * The part of a pod's start command that runs before the application: the step that puts the
 * passwords into its connection URLs (everything up to `--`), or nothing. `kubectl exec` gets
 * the container's environment as given, with the URLs' `${KEY}` placeholders, so a command that
 * reads them runs behind the same step.
 */
async function urlPasswordStep(namespace: string, pod: string): Promise<string[]> {
  const spec = await getJson<{ spec: { containers: { command?: string[] }[] } }>(namespace, ["pod", pod]);
  return splitAtUrlPasswordStep(spec.spec.containers[0].command).step;
}

/** test/e2e/amqp.py in the worker pod, which may reach RabbitMQ, with the worker's broker URL. */
export async function amqp(namespace: string, ...args: string[]): Promise<string> {
  const pod = await podOf(namespace, "worker");
  const step = await urlPasswordStep(namespace, pod);
  const result = await kubectlOk(
    ["-n", namespace, "exec", "-i", pod, "--", ...step, "python", "-", ...args],
    amqpScript,
  );
  return result.trim();
}

/** One rabbitmqctl command in the rabbitmq pod (2 min at most); its output. */
export async function rabbitmqctl(namespace: string, ...args: string[]): Promise<string> {
  const pod = await podOf(namespace, "rabbitmq");
  const result = await execIn(namespace, pod, ["rabbitmqctl", ...args], 120_000);
  if (result.exitCode !== 0) throw new Error(`rabbitmqctl ${args.join(" ")} failed: ${result.stderr}`);
  return result.stdout;
}

/** The bindings whose source is `exchange`, as `destination routing-key` lines. */
export async function rabbitmqBindings(namespace: string, exchange: string): Promise<string[]> {
  const bindings = await rabbitmqctl(
    namespace,
    "-q",
    "list_bindings",
    "source_name",
    "destination_name",
    "routing_key",
  );
  return bindings
    .split("\n")
    .map((line) => line.split("\t"))
    .filter(([source]) => source === exchange)
    .map(([, destination, key]) => `${destination} ${key}`);
}
