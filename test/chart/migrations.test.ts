// How the migrations Job is ordered before the database's readers, under each deployer
// (migrations.mode): Helm hooks, Argo CD hooks and sync waves, or a plain Job whose name follows
// its spec while mcp and order-service wait for the schema in an init container.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { KubernetesObject, V1Container, V1Deployment, V1Job } from "@kubernetes/client-node";
import { execa } from "execa";
import { afterAll, describe, expect, it } from "vitest";
import type { Rendered } from "../../scripts/chart/helm-template.ts";
import { urlParsersVenv, venvPython } from "../../scripts/python-venv.ts";
import { applications, components, databaseReaders, datastores } from "../expectations.ts";
import {
  container,
  deployments,
  helms,
  named,
  ofKind,
  podSpecs,
  render,
  resolvedEnv,
  splitAtUrlPasswordStep,
  valuesFiles,
} from "../render.ts";
import { allowedAmong } from "../workload-endpoints.ts";

const files = valuesFiles("migrations");
afterAll(() => files.remove());

const plain = { "migrations.mode": "plain" };
const argoCD = { "migrations.mode": "argoCD" };

const annotationsOf = (object: KubernetesObject) => object.metadata?.annotations ?? {};
const hasKeyLike = (object: KubernetesObject, prefix: string) =>
  Object.keys(annotationsOf(object)).some((key) => key.startsWith(prefix));
const waveOf = (object: KubernetesObject) => annotationsOf(object)["argocd.argoproj.io/sync-wave"];
const nameOf = (object: KubernetesObject) => `${object.kind}/${object.metadata?.name}`;

function onlyJob(rendered: Rendered): V1Job {
  const jobs = ofKind<V1Job>(rendered, "Job");
  expect(jobs.length, "one migrations Job").toBe(1);
  return jobs[0];
}

/** The one Job, a hook that keeps the name migrations, with exactly these annotations. */
function expectHookJob(rendered: Rendered, annotations: Record<string, string>): V1Job {
  const job = onlyJob(rendered);
  expect(job.metadata?.name).toBe("migrations");
  expect(annotationsOf(job)).toEqual(annotations);
  return job;
}

const initContainers = (rendered: Rendered) =>
  Object.fromEntries(
    deployments(rendered).map((deployment) => [
      deployment.metadata?.name,
      (deployment.spec?.template.spec?.initContainers ?? []).map((init) => init.name),
    ]),
  );

describe.each(helms)("migrations.mode with helm $version", (helm) => {
  it("helmHook (the default): a Helm hook Job named migrations, no Argo CD annotation and no init container", async () => {
    const rendered = await render(helm);
    expectHookJob(rendered, {
      "helm.sh/hook": "post-install,pre-upgrade",
      "helm.sh/hook-weight": "0",
      "helm.sh/hook-delete-policy": "before-hook-creation,hook-succeeded",
    });
    expect(rendered.objects.filter((object) => hasKeyLike(object, "argocd.argoproj.io/")).map(nameOf)).toEqual([]);
    expect(Object.values(initContainers(rendered)).flat()).toEqual([]);
  });

  it("argoCD: a Sync hook with no helm.sh/hook annotation, between the waves of what it needs and who reads the database", async () => {
    const rendered = await render(helm, { set: argoCD });
    // Argo CD maps helm.sh/hook pre-upgrade to PreSync (before everything) and ignores Helm's
    // annotations once its own are there: the Job carries only Argo CD's.
    const job = expectHookJob(rendered, {
      "argocd.argoproj.io/hook": "Sync",
      "argocd.argoproj.io/hook-delete-policy": "BeforeHookCreation,HookSucceeded",
      "argocd.argoproj.io/sync-wave": "0",
    });
    const jobWave = Number(waveOf(job));
    // What the Job needs is applied, and healthy, in an earlier wave.
    const needs = rendered.objects.filter(
      (object) =>
        ["Secret", "ConfigMap", "ServiceAccount"].includes(object.kind ?? "") ||
        (datastores as readonly string[]).includes(object.metadata?.labels?.["app.kubernetes.io/component"] ?? ""),
    );
    expect(needs.map(nameOf)).toEqual(expect.arrayContaining(["Secret/cryptoflow-secrets", "Deployment/postgres"]));
    for (const object of needs.filter((object) => object.kind !== "NetworkPolicy")) {
      expect(Number(waveOf(object)), nameOf(object)).toBeLessThan(jobWave);
    }
    // The components that read the database come in a later wave, every object of theirs.
    for (const name of databaseReaders) {
      const objects = rendered.objects.filter(
        (object) =>
          object.kind !== "NetworkPolicy" &&
          !hasKeyLike(object, "helm.sh/hook") &&
          object.metadata?.labels?.["app.kubernetes.io/component"] === name,
      );
      expect(objects.map(nameOf)).toContain(`Deployment/${name}`);
      for (const object of objects) expect(Number(waveOf(object)), nameOf(object)).toBeGreaterThan(jobWave);
    }
    // The rest stays in Argo CD's default wave, beside the Job; no Helm hook is left but `helm test`'s pods.
    for (const name of applications.filter((application) => !databaseReaders.includes(application))) {
      expect(waveOf(named(rendered, "Deployment", name)), name).toBeUndefined();
    }
    expect(
      rendered.objects.filter((object) => hasKeyLike(object, "helm.sh/hook") && object.kind !== "Pod").map(nameOf),
    ).toEqual([]);
    expect(Object.values(initContainers(rendered)).flat()).toEqual([]);
  });

  it("plain: no hook of any kind, a Job named after a hash of its spec, the same for the same values", async () => {
    const rendered = await render(helm, { set: plain });
    const job = onlyJob(rendered);
    expect(job.metadata?.name).toMatch(/^migrations-[0-9a-f]{10}$/);
    expect(job.metadata?.annotations).toBeUndefined();
    expect(
      rendered.objects.filter((object) => object.kind !== "Pod" && hasKeyLike(object, "helm.sh/hook")).map(nameOf),
    ).toEqual([]);
    expect(rendered.objects.filter((object) => hasKeyLike(object, "argocd.argoproj.io/")).map(nameOf)).toEqual([]);
    // A second, separate render (values from a file instead of --set) gives the same name.
    const again = onlyJob(await render(helm, { values: [files.write({ migrations: { mode: "plain" } })] }));
    expect(again.metadata?.name).toBe(job.metadata?.name);
    // What the Job runs or where it connects renames it; a setting it does not read does not.
    const nameWith = async (set: Record<string, string | number>) =>
      onlyJob(await render(helm, { set: { ...plain, ...set } })).metadata?.name;
    const renamedBy = {
      image: await nameWith({ "image.tag": "1.0.1" }),
      apiImage: await nameWith({ "api.image.tag": "1.0.2" }),
      database: await nameWith({ "postgres.auth.database": "orders" }),
      script: await nameWith({ "migrations.whenScriptsMissing": "fail" }),
    };
    for (const [what, name] of Object.entries(renamedBy)) {
      expect(name, what).toMatch(/^migrations-[0-9a-f]{10}$/);
      expect(name, what).not.toBe(job.metadata?.name);
    }
    expect(new Set(Object.values(renamedBy)).size).toBe(Object.keys(renamedBy).length);
    expect(await nameWith({ "api.replicaCount": 3 })).toBe(job.metadata?.name);
    expect(await nameWith({ "mcp.image.tag": "1.0.1" })).toBe(job.metadata?.name);
    // Prefixed with the release like every other object.
    const prefixed = onlyJob(await render(helm, { set: { ...plain, prefixWithReleaseName: true } }));
    expect(prefixed.metadata?.name).toMatch(/^cryptoflow-migrations-[0-9a-f]{10}$/);
  });

  it("plain: only mcp and order-service wait for the schema, with their own image, the Job's DATABASE_URL and /tmp", async () => {
    const rendered = await render(helm, { set: { ...plain, "mcp.image.tag": "1.0.1" } });
    expect(initContainers(rendered)).toEqual(
      Object.fromEntries(components.map((name) => [name, databaseReaders.includes(name) ? ["wait-for-schema"] : []])),
    );
    const [jobContainer] = onlyJob(rendered).spec?.template.spec?.containers ?? [];
    for (const name of databaseReaders) {
      const deployment = named<V1Deployment>(rendered, "Deployment", name);
      const pod = deployment.spec?.template.spec;
      const main = container(deployment);
      const wait = pod?.initContainers?.[0] as V1Container;
      expect(wait.image, name).toBe(main.image);
      // After the step that puts the password into DATABASE_URL, as in the Job.
      const { step, program } = splitAtUrlPasswordStep(wait.command);
      expect(step).toEqual(splitAtUrlPasswordStep(jobContainer.command).step);
      expect(program.slice(0, 2)).toEqual(["python", "-c"]);
      expect(program[2]).toContain("MigrationContext.configure");
      // DATABASE_URL from the same Secret key as the Job's: the raw URL, no `%` doubling.
      const databaseUrl = (candidate: V1Container) =>
        candidate.env?.find((variable) => variable.name === "DATABASE_URL");
      expect(databaseUrl(wait)).toEqual(databaseUrl(jobContainer));
      expect(resolvedEnv(rendered, wait).DATABASE_URL).toBe(resolvedEnv(rendered, main).DATABASE_URL);
      expect(program[2]).not.toContain('replace("%", "%%")');
      expect(resolvedEnv(rendered, wait)).toMatchObject({
        MIGRATIONS_WHEN_SCRIPTS_MISSING: "skip",
        SCHEMA_WAIT_SECONDS: "900",
      });
      // Restricted like the main container; sized like the Job; /tmp from the pod's own volume.
      expect(wait.securityContext).toEqual(main.securityContext);
      expect(wait.resources).toEqual(jobContainer.resources);
      expect(wait.resources?.requests?.memory).toBeDefined();
      expect(wait.resources?.limits?.memory).toBeDefined();
      expect(wait.volumeMounts).toEqual([{ name: "tmp", mountPath: "/tmp" }]);
      expect(pod?.volumes?.map((volume) => volume.name)).toContain("tmp");
    }
    expect(container(named<V1Deployment>(rendered, "Deployment", "mcp")).image).toBe(
      "ghcr.io/cryptoflow-chart/cryptoflow:1.0.1",
    );
  });

  it("plain: the NetworkPolicies allow what the defaults allow, database readers (and so their init containers) to PostgreSQL", async () => {
    const [plainRender, defaultRender] = [await render(helm, { set: plain }), await render(helm)];
    const allowedPlain = allowedAmong(plainRender, "default");
    expect(allowedPlain).toEqual(allowedAmong(defaultRender, "default"));
    for (const name of [...databaseReaders, "migrations"]) expect(allowedPlain).toContain(`${name} → postgres:5432`);
  });

  it.each(["helmHook", "argoCD", "plain"])("%s: migrations.enabled=false renders no migration object", async (mode) => {
    const rendered = await render(helm, { set: { "migrations.mode": mode, "migrations.enabled": false } });
    expect(ofKind(rendered, "Job")).toEqual([]);
    expect(Object.values(initContainers(rendered)).flat()).toEqual([]);
    for (const { owner, spec } of podSpecs(rendered)) {
      expect(
        spec.containers.map((candidate) => candidate.name),
        owner,
      ).not.toContain("migrations");
    }
  });
});

/** A folder laid out like the image's /app: alembic.ini, and Alembic's scripts with one revision unless left out. */
function appFolder(withScripts: boolean): string {
  const dir = mkdtempSync(join(tmpdir(), "cryptoflow-alembic-"));
  writeFileSync(join(dir, "alembic.ini"), "[alembic]\nscript_location = %(here)s/migrations\n");
  if (withScripts) {
    mkdirSync(join(dir, "migrations", "versions"), { recursive: true });
    writeFileSync(
      join(dir, "migrations", "versions", "8fb3280ef7b1_create_orders_table.py"),
      'revision = "8fb3280ef7b1"\ndown_revision = None\nbranch_labels = None\ndepends_on = None\n',
    );
  }
  return dir;
}

describe("the wait-for-schema program, run with the application's Alembic and SQLAlchemy", () => {
  const folders: string[] = [];
  afterAll(() => {
    for (const dir of folders) rmSync(dir, { recursive: true, force: true });
  });

  async function run(withScripts: boolean, env: Record<string, string>) {
    const [helm] = helms;
    const rendered = await render(helm, { set: plain });
    const wait = named<V1Deployment>(rendered, "Deployment", "order-service").spec?.template.spec?.initContainers?.[0];
    const cwd = appFolder(withScripts);
    folders.push(cwd);
    // The whole command as the pod runs it, its `python` being the venv's.
    const python = venvPython(urlParsersVenv);
    const [, ...args] = wait?.command ?? [];
    return execa(python, args, {
      cwd,
      reject: false,
      env: {
        PATH: `${dirname(python)}:${process.env.PATH}`,
        DATABASE_URL: `postgresql+asyncpg://cryptoflow:\${POSTGRES_PASSWORD}@127.0.0.1:1/cryptoflow`,
        POSTGRES_PASSWORD: "p@ss/%",
        ...env,
      },
    });
  }

  it("follows migrations.whenScriptsMissing when the image has no Alembic scripts", async () => {
    const skip = await run(false, { MIGRATIONS_WHEN_SCRIPTS_MISSING: "skip", SCHEMA_WAIT_SECONDS: "1" });
    expect(skip.exitCode, skip.stderr).toBe(0);
    expect(skip.stderr).toMatch(/is not in this image, so the schema cannot be checked: starting anyway/);
    const fail = await run(false, { MIGRATIONS_WHEN_SCRIPTS_MISSING: "fail", SCHEMA_WAIT_SECONDS: "1" });
    expect(fail.exitCode).toBe(1);
    expect(fail.stderr).toMatch(/failing \(migrations\.whenScriptsMissing=fail\)/);
  });

  it("retries with a log line per attempt while the database cannot answer, then gives up within its bound", async () => {
    const started = Date.now();
    const result = await run(true, { MIGRATIONS_WHEN_SCRIPTS_MISSING: "skip", SCHEMA_WAIT_SECONDS: "2" });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/cryptoflow wait-for-schema: attempt 1, 0\/2 s: database not reachable yet/);
    expect(result.stderr).toMatch(/gave up after 2 s \(migrations\.schemaWaitSeconds=2\)/);
    expect(`${result.stdout}${result.stderr}`).not.toMatch(/p@ss|p%40ss/);
    expect(Date.now() - started).toBeLessThan(30_000);
  });
});
