// One piece of data in each datastore, written and read back the way its own client does: a row
// in PostgreSQL, a key in Redis, a persistent message on a durable RabbitMQ queue, a Chroma
// collection. The persistence tests write them once and look for them after every change.
import { amqp, psql, rabbitmqctl, redisCli } from "./application.ts";
import { execIn } from "./kubectl.ts";
import { podOf } from "./release.ts";

export interface Keepsakes {
  postgresRow: string;
  redisKey: string;
  /** Messages waiting on the durable queue. */
  rabbitmqMessages: number;
  /** The test's collection and the token in its metadata (mcp keeps collections of its own beside it). */
  chromaCollection: string;
}

const queue = "e2e-keepsake";
const collection = "e2e-keepsake";

/** Chroma's HTTP API from inside the chroma pod (its own Python), so no NetworkPolicy is involved. */
async function chroma(namespace: string, method: "GET" | "POST", path: string, body?: unknown): Promise<unknown> {
  const script = [
    "import json, sys, urllib.request",
    "body = sys.argv[3].encode() if sys.argv[3] else None",
    "request = urllib.request.Request('http://127.0.0.1:8000' + sys.argv[2], data=body, method=sys.argv[1],",
    "                                 headers={'content-type': 'application/json'})",
    "print(urllib.request.urlopen(request, timeout=20).read().decode())",
  ].join("\n");
  const pod = await podOf(namespace, "chroma");
  const args = [method, path, body === undefined ? "" : JSON.stringify(body)];
  const result = await execIn(namespace, pod, ["python3", "-c", script, ...args]);
  if (result.exitCode !== 0) throw new Error(`chroma ${method} ${path} failed: ${result.stderr}`);
  return JSON.parse(result.stdout);
}

export async function writeKeepsakes(namespace: string, token: string): Promise<void> {
  await psql(namespace, `create table e2e_keepsake (token text); insert into e2e_keepsake values ('${token}')`);
  await redisCli(namespace, "set", "e2e-keepsake", token);
  await amqp(namespace, "publish", queue, token);
  await chroma(namespace, "POST", "/api/v1/collections", { name: collection, metadata: { token } });
}

export async function readKeepsakes(namespace: string): Promise<Keepsakes> {
  const queues = await rabbitmqctl(namespace, "-q", "list_queues", "name", "messages");
  const waiting = queues
    .split("\n")
    .map((line) => line.trim().split(/\s+/))
    .find(([name]) => name === queue);
  const collections = (await chroma(namespace, "GET", "/api/v1/collections")) as {
    name: string;
    metadata?: { token?: string };
  }[];
  return {
    postgresRow: await psql(namespace, "select token from e2e_keepsake"),
    redisKey: await redisCli(namespace, "get", "e2e-keepsake"),
    rabbitmqMessages: Number(waiting?.[1] ?? 0),
    chromaCollection: collections
      .filter((c) => c.name === collection)
      .map((c) => `${c.name}:${c.metadata?.token ?? ""}`)
      .join(","),
  };
}

export function expectedKeepsakes(token: string): Keepsakes {
  return { postgresRow: token, redisKey: token, rabbitmqMessages: 1, chromaCollection: `${collection}:${token}` };
}
