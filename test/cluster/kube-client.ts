// A small typed REST client for the tests. @kubernetes/client-node 2.x loads undici 8, which
// needs Node >= 22 (zstd); the project supports Node 20, so we use only the library's model
// types and speak HTTPS ourselves with the kubeconfig's credentials.
import { readFileSync } from "node:fs";
import { request } from "node:https";
import { dirname, isAbsolute, join } from "node:path";
import { parse } from "yaml";

interface NamedEntry<T> {
  name: string;
  [key: string]: unknown;
  cluster?: T;
  user?: T;
  context?: T;
}

interface Credentials {
  server: string;
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  token?: string;
  insecure: boolean;
}

/** Where each kind's REST collection lives. */
const groups: Record<string, string> = {
  services: "/api/v1",
  configmaps: "/api/v1",
  secrets: "/api/v1",
  serviceaccounts: "/api/v1",
  persistentvolumeclaims: "/api/v1",
  pods: "/api/v1",
  namespaces: "/api/v1",
  deployments: "/apis/apps/v1",
  replicasets: "/apis/apps/v1",
  jobs: "/apis/batch/v1",
};

export class KubeError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function credentialsFrom(path: string): Credentials {
  const config = parse(readFileSync(path, "utf8")) as Record<string, unknown>;
  const pick = <T>(list: unknown, name: unknown, field: "cluster" | "user" | "context"): T => {
    const entry = (list as NamedEntry<T>[] | undefined)?.find((e) => e.name === name);
    if (!entry?.[field]) throw new Error(`kubeconfig ${path}: no ${field} named ${String(name)}`);
    return entry[field] as T;
  };
  const context = pick<Record<string, string>>(config.contexts, config["current-context"], "context");
  const cluster = pick<Record<string, string | boolean>>(config.clusters, context.cluster, "cluster");
  const user = pick<Record<string, unknown>>(config.users, context.user, "user");
  if (user.exec || user["auth-provider"]) {
    throw new Error(`kubeconfig ${path}: exec and auth-provider users are not supported; use certificates or a token`);
  }
  const file = (value: unknown) =>
    readFileSync(isAbsolute(String(value)) ? String(value) : join(dirname(path), String(value)));
  const material = (data: unknown, fileName: unknown) =>
    data ? Buffer.from(String(data), "base64") : fileName ? file(fileName) : undefined;
  return {
    server: String(cluster.server),
    ca: material(cluster["certificate-authority-data"], cluster["certificate-authority"]),
    cert: material(user["client-certificate-data"], user["client-certificate"]),
    key: material(user["client-key-data"], user["client-key"]),
    token: user.token
      ? String(user.token)
      : user.tokenFile
        ? readFileSync(String(user.tokenFile), "utf8").trim()
        : undefined,
    insecure: cluster["insecure-skip-tls-verify"] === true,
  };
}

export class KubeClient {
  private readonly credentials: Credentials;

  constructor(kubeconfig: string) {
    this.credentials = credentialsFrom(kubeconfig);
  }

  /** Path of a namespaced collection (`name` omitted) or object. */
  static path(namespace: string, resource: string, name?: string): string {
    const group = groups[resource];
    if (!group) throw new Error(`unknown resource ${resource}`);
    return `${group}/namespaces/${namespace}/${resource}${name ? `/${name}` : ""}`;
  }

  request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const { server, ca, cert, key, token, insecure } = this.credentials;
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((done, fail) => {
      const req = request(
        `${server}${path}`,
        {
          method,
          ca,
          cert,
          key,
          rejectUnauthorized: !insecure,
          timeout: 30_000,
          headers: {
            Accept: "application/json",
            ...(token ? { Authorization: `Bearer ${token}` } : {}),
            ...(payload ? { "Content-Type": "application/json" } : {}),
          },
        },
        (res) => {
          let text = "";
          res.on("data", (chunk: Buffer) => {
            text += chunk.toString();
          });
          res.on("end", () => {
            const status = res.statusCode ?? 0;
            if (status >= 200 && status < 300) done(JSON.parse(text) as T);
            else fail(new KubeError(status, `${method} ${path}: ${status} ${text.slice(0, 500)}`));
          });
        },
      );
      req.on("timeout", () => req.destroy(new Error(`${method} ${path}: timeout`)));
      req.on("error", fail);
      req.end(payload);
    });
  }

  get<T>(path: string): Promise<T> {
    return this.request<T>("GET", path);
  }

  /** The items of a collection, optionally filtered by a label selector. */
  async list<T>(path: string, labelSelector?: string): Promise<T[]> {
    const query = labelSelector ? `?labelSelector=${encodeURIComponent(labelSelector)}` : "";
    return (await this.request<{ items: T[] }>("GET", `${path}${query}`)).items;
  }
}
