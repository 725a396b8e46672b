// A stand-in for the managed PostgreSQL the production profile expects (externalDatabase): a
// postgres server in a namespace of its own that the release does not manage, reached through a
// Service name, and the Secret a team creates before installing (existingSecret), every URL in it
// composed by hand as the chart's README says.
import { stringify } from "yaml";
import { kubectlOk } from "./kubectl.ts";

const user = "cryptoflow";
const database = "cryptoflow";

export interface ManagedDatabase {
  namespace: string;
  host: string;
  port: number;
  password: string;
}

/** The database server, Ready; it uses the image the chart's own postgres uses. */
export async function startManagedDatabase(
  namespace: string,
  image: string,
  password: string,
): Promise<ManagedDatabase> {
  const labels = { app: "managed-postgres" };
  const restricted = {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ["ALL"] },
    runAsNonRoot: true,
  };
  const objects = [
    { apiVersion: "v1", kind: "Namespace", metadata: { name: namespace } },
    {
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "managed-postgres", namespace },
      stringData: { POSTGRES_PASSWORD: password },
    },
    {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "managed-postgres", namespace },
      spec: {
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            securityContext: { runAsUser: 70, runAsGroup: 70, fsGroup: 70, seccompProfile: { type: "RuntimeDefault" } },
            containers: [
              {
                name: "postgres",
                image,
                ports: [{ containerPort: 5432 }],
                env: [
                  { name: "POSTGRES_USER", value: user },
                  { name: "POSTGRES_DB", value: database },
                  { name: "PGDATA", value: "/var/lib/postgresql/data/pgdata" },
                  {
                    name: "POSTGRES_PASSWORD",
                    valueFrom: { secretKeyRef: { name: "managed-postgres", key: "POSTGRES_PASSWORD" } },
                  },
                ],
                readinessProbe: { exec: { command: ["pg_isready", "-h", "127.0.0.1", "-U", user] }, periodSeconds: 2 },
                securityContext: restricted,
                volumeMounts: [
                  { name: "data", mountPath: "/var/lib/postgresql/data" },
                  { name: "run", mountPath: "/var/run/postgresql" },
                ],
              },
            ],
            volumes: [
              { name: "data", emptyDir: {} },
              { name: "run", emptyDir: {} },
            ],
          },
        },
      },
    },
    {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "managed-postgres", namespace },
      spec: { selector: labels, ports: [{ port: 5432, targetPort: 5432 }] },
    },
  ];
  await kubectlOk(["apply", "-f", "-"], objects.map((o) => stringify(o)).join("---\n"));
  await kubectlOk(["-n", namespace, "rollout", "status", "deployment/managed-postgres", "--timeout=180s"]);
  return { namespace, host: `managed-postgres.${namespace}.svc.cluster.local`, port: 5432, password };
}

/**
 * The production profile's existingSecret as the chart README asks for it: the three passwords,
 * as they are; the pods build their URLs from them.
 */
export async function createCredentialsSecret(
  namespace: string,
  name: string,
  db: ManagedDatabase,
  passwords: { redis: string; rabbitmq: string },
): Promise<void> {
  const secret = {
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name, namespace },
    stringData: {
      POSTGRES_PASSWORD: db.password,
      REDIS_PASSWORD: passwords.redis,
      RABBITMQ_PASSWORD: passwords.rabbitmq,
    },
  };
  await kubectlOk(["apply", "-f", "-"], stringify(secret));
}

/** Runs `sql` with psql in the managed database as the application's user; psql's unaligned, tuples-only output. */
export function queryManagedDatabase(db: ManagedDatabase, sql: string): Promise<string> {
  return kubectlOk([
    "-n",
    db.namespace,
    "exec",
    "deployment/managed-postgres",
    "--",
    "psql",
    "-U",
    user,
    "-d",
    database,
    "-Atc",
    sql,
  ]);
}
