// The dependency graph: who opens connections to whom, on which port. Components declare their
// own dependencies (schema/components.ts); the migrations Job is a client too. Connection
// settings, NetworkPolicies, the architecture diagram and `helm test` all read this one list.
import { component, components } from "./components.ts";
import type { ComponentName, Dependency } from "./types.ts";

/** A workload that opens connections but is not a component: it has no Service and no Deployment. */
export interface JobClient {
  name: string;
  description: string;
  /** The values key that switches the Job, and so its connections, on and off. */
  enabledBy: string;
  dependencies: Dependency[];
}

export const migrationsJob: JobClient = {
  name: "migrations",
  description: "alembic upgrade head, a Job (a Helm or Argo CD hook, or a plain Job: migrations.mode)",
  enabledBy: "migrations.enabled",
  dependencies: [{ to: "postgres", port: "postgres", env: ["DATABASE_URL"] }],
};

export interface Edge {
  from: string;
  to: ComponentName;
  /** Port name on the destination's container and Service. */
  port: string;
  /** The destination container's port number (what a NetworkPolicy allows). */
  containerPort: number;
  /** The values key the edge exists under, when its client can be switched off. */
  enabledBy: string | false;
}

/** Every client of the graph: the components that depend on something, then the Job. */
export const clients: { name: string; dependencies: Dependency[]; enabledBy?: string }[] = [
  ...components.filter((definition) => definition.dependencies.length > 0),
  migrationsJob,
];

export const edges: Edge[] = clients.flatMap((client) =>
  client.dependencies.map((dependency) => {
    const port = component(dependency.to).ports.find((candidate) => candidate.name === dependency.port);
    if (!port) throw new Error(`${client.name} → ${dependency.to}: no port named ${dependency.port}`);
    const enabledBy = client.enabledBy ?? false;
    return { from: client.name, to: dependency.to, port: dependency.port, containerPort: port.port, enabledBy };
  }),
);

export const edgesFrom = (name: string) => edges.filter((edge) => edge.from === name);
export const edgesTo = (name: string) => edges.filter((edge) => edge.to === name);

/** The components that read the database: with migrations.mode=plain they wait for its schema. */
export const databaseReaders: string[] = components
  .filter((definition) => definition.dependencies.some((dependency) => dependency.to === "postgres"))
  .map((definition) => definition.name);

/**
 * Argo CD sync waves, written only with migrations.mode=argoCD. Argo CD applies one wave at a
 * time and starts the next when every object of the wave is healthy and every hook in it has
 * completed: what the Job needs comes first (the shared Secret, ConfigMap and ServiceAccount, and
 * every object of the datastores), then the migrations Job as a Sync hook, then every object of
 * the components that read the database. The rest stays in Argo CD's default wave, 0, beside the Job.
 */
export const syncWaves = { prerequisites: "-1", migrations: "0", databaseReaders: "1" } as const;

/** A component's sync wave, or false for the default wave. */
export function syncWave(name: string): string | false {
  if (component(name).role === "datastore") return syncWaves.prerequisites;
  return databaseReaders.includes(name) ? syncWaves.databaseReaders : false;
}
