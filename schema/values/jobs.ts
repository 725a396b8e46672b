// The release's Jobs and test pods: `helm test` and the database migrations.
import { component } from "../components.ts";
import { databaseReaders } from "../graph.ts";
import { inWords } from "../in-words.ts";
import { count, flag, oneOf, strict } from "./builders.ts";
import { resources } from "./container.ts";
import { image, pullSecrets } from "./image.ts";

/** The components that wait for the schema with migrations.mode=plain, for descriptions. */
const readers = inWords(databaseReaders);

export const testsValues = strict(
  "the `helm test` pods that check DNS, every allowed connection and the API from inside the release",
  {
    image: image("a small image with nslookup, nc and wget", {
      registry: "docker.io",
      repository: "library/busybox",
      tag: "1.37.0",
      pullPolicy: "IfNotPresent",
    }),
    imagePullSecrets: pullSecrets(
      "Secrets to pull the test image with, added to global.imagePullSecrets: names or {name: …}",
    ),
    resources: resources(
      {
        requests: { cpu: "10m", memory: "16Mi", "ephemeral-storage": "8Mi" },
        limits: { cpu: "100m", memory: "64Mi", "ephemeral-storage": "64Mi" },
      },
      "test container requests and limits",
    ),
  },
);

export const migrationsValues = strict(
  "the Job that runs `alembic upgrade head`, and how it is ordered before the database's readers",
  {
    enabled: flag("run database migrations (how: migrations.mode)", true),
    mode: oneOf(
      `how the Job is ordered. helmHook: a Helm hook after install and before each upgrade (helm install/upgrade, Flux's HelmRelease); argoCD: an Argo CD Sync hook in a sync wave after the Secret, ConfigMap and datastores and before ${readers}; plain: no hooks (kubectl apply, Flux, Argo CD without hooks): a Job named after a hash of its spec, and ${readers} wait in an init container until the schema is at Alembic's head`,
      ["helmHook", "argoCD", "plain"] as const,
      "helmHook",
    ),
    whenScriptsMissing: oneOf(
      "what the Job does in an image without Alembic's migrations/ folder (the upstream Dockerfile's): skip (log it, leave the schema uncreated, the release succeeds) or fail",
      ["skip", "fail"] as const,
      "skip",
    ),
    backoffLimit: count("retries while PostgreSQL is still starting", 6),
    activeDeadlineSeconds: count("give up after this long", 900, 1),
    schemaWaitSeconds: count(
      `with mode plain, how long the init container of ${readers} waits for the schema at Alembic's head before it fails (the kubelet then restarts it with back-off)`,
      900,
      1,
    ),
    resources: resources(
      component("api").resources,
      "requests and limits of the Job's container and of the wait-for-schema init containers (mode plain)",
    ),
  },
);
