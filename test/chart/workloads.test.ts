// What runs: nine Deployments, started exactly as the application expects.

import type { V1Deployment } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { components, datastores } from "../expectations.ts";
import { container, deployments, helms, named, ofKind, render, splitAtUrlPasswordStep } from "../render.ts";

/** The CryptoFlow image's ENTRYPOINT (the upstream Dockerfile). */
const imageEntrypoint = "/app/scripts/entrypoint.sh";

describe.each(helms)("workloads with helm $version", (helm) => {
  it("renders all nine components as Deployments and no StatefulSet", async () => {
    const rendered = await render(helm);
    expect(
      deployments(rendered)
        .map((deployment) => deployment.metadata?.name)
        .sort(),
    ).toEqual([...components].sort());
    expect(ofKind(rendered, "StatefulSet")).toEqual([]);
  });

  it.each(datastores)(
    "runs %s one pod at a time on its data directory (Recreate, emptyDir by default)",
    async (name) => {
      const deployment = named<V1Deployment>(await render(helm), "Deployment", name);
      expect(deployment.spec?.strategy?.type).toBe("Recreate");
      expect(deployment.spec?.replicas).toBe(1);
      const data = deployment.spec?.template.spec?.volumes?.find((volume) => volume.name === "data");
      expect(data?.emptyDir).toEqual({});
    },
  );

  it.each(datastores)("gives %s a PersistentVolumeClaim when persistence is enabled", async (name) => {
    const rendered = await render(helm, { set: { [`${name}.persistence.enabled`]: true } });
    const claim = named(rendered, "PersistentVolumeClaim", name);
    const data = named<V1Deployment>(rendered, "Deployment", name).spec?.template.spec?.volumes?.find(
      (volume) => volume.name === "data",
    );
    expect(data?.persistentVolumeClaim?.claimName).toBe(claim.metadata?.name);
    expect(claim.metadata?.annotations?.["helm.sh/resource-policy"]).toBe("keep");
  });

  it("starts each application process with the entrypoint argument or command it really has", async () => {
    const rendered = await render(helm);
    // What finally runs: the command after the URL-password step (cryptoflow.withUrlPasswords) or
    // the container's own, else the image's ENTRYPOINT; then the args.
    const started = (name: string) => {
      const main = container(named<V1Deployment>(rendered, "Deployment", name));
      return [...splitAtUrlPasswordStep(main.command ?? [imageEntrypoint]).program, ...(main.args ?? [])];
    };
    expect(started("api")).toEqual([imageEntrypoint, "api"]);
    expect(started("worker")).toEqual([imageEntrypoint, "worker"]);
    expect(started("mcp")).toEqual([imageEntrypoint, "mcp"]);
    expect(started("market-data")).toEqual([imageEntrypoint, "grpc"]);
    expect(started("order-service")).toEqual(["python", "src/services/order_service/server.py"]);
  });

  it("replicates the API twice and everything else once by default", async () => {
    const replicas = Object.fromEntries(
      deployments(await render(helm)).map((deployment) => [deployment.metadata?.name, deployment.spec?.replicas]),
    );
    expect(replicas).toEqual({
      api: 2,
      worker: 1,
      mcp: 1,
      "market-data": 1,
      "order-service": 1,
      postgres: 1,
      redis: 1,
      rabbitmq: 1,
      chroma: 1,
    });
  });

  it("scales market-data to 5 while order-service stays at 1", async () => {
    const rendered = await render(helm, { set: { "marketData.replicaCount": 5 } });
    expect(named<V1Deployment>(rendered, "Deployment", "market-data").spec?.replicas).toBe(5);
    expect(named<V1Deployment>(rendered, "Deployment", "order-service").spec?.replicas).toBe(1);
  });

  it("selects each workload's pods with labels that never change across upgrades", async () => {
    for (const deployment of deployments(await render(helm))) {
      const selector = deployment.spec?.selector.matchLabels ?? {};
      expect(Object.keys(selector).sort()).toEqual([
        "app.kubernetes.io/component",
        "app.kubernetes.io/instance",
        "app.kubernetes.io/name",
      ]);
      expect(deployment.spec?.template.metadata?.labels).toMatchObject(selector);
    }
  });

  it("pins every image and lets a digest win over the tag", async () => {
    const images = (rendered: Awaited<ReturnType<typeof render>>) =>
      Object.fromEntries(
        deployments(rendered).map((deployment) => [deployment.metadata?.name, container(deployment).image]),
      );
    const defaults = images(await render(helm));
    expect(defaults.api).toBe("ghcr.io/cryptoflow-chart/cryptoflow:1.0.0");
    expect(defaults.postgres).toMatch(/^docker\.io\/library\/postgres:15\.\d+-alpine$/);
    expect(defaults.rabbitmq).toMatch(/^docker\.io\/library\/rabbitmq:4\.\d+\.\d+-management$/);
    expect(defaults.chroma).toBe("docker.io/chromadb/chroma:0.5.0");
    for (const image of Object.values(defaults)) expect(image).not.toMatch(/:latest$|^[^:]+$/);

    const digest = `sha256:${"a".repeat(64)}`;
    const overridden = images(
      await render(helm, {
        set: { "image.digest": digest, "global.imageRegistry": "registry.example.test", "worker.image.tag": "2.0.0" },
      }),
    );
    expect(overridden.api).toBe(`registry.example.test/cryptoflow-chart/cryptoflow@${digest}`);
    expect(overridden.worker).toBe(`registry.example.test/cryptoflow-chart/cryptoflow@${digest}`);
    expect(overridden.redis).toMatch(/^registry\.example\.test\/library\/redis:7\./);
  });

  it("runs database migrations as a hook after install and before upgrade, and can switch them off", async () => {
    const [job] = ofKind(await render(helm), "Job");
    expect(job.metadata?.annotations?.["helm.sh/hook"]).toBe("post-install,pre-upgrade");
    expect(job.metadata?.name).toBe("migrations");
    expect(ofKind(await render(helm, { set: { "migrations.enabled": false } }), "Job")).toEqual([]);
  });

  it("rolls exactly the pods that read a changed setting", async () => {
    const checksums = async (set: Record<string, string | number | boolean>) =>
      Object.fromEntries(
        deployments(await render(helm, { set })).map((deployment) => [
          deployment.metadata?.name,
          JSON.stringify(deployment.spec?.template.metadata?.annotations ?? {}),
        ]),
      );
    const rolledBy = async (set: Record<string, string | number | boolean>) => {
      const [before, after] = [await checksums({}), await checksums(set)];
      return Object.keys(before)
        .filter((name) => name in after && before[name] !== after[name])
        .sort();
    };
    // The managed database: its clients roll (mcp, order-service); the migrations Job is re-run by its hook.
    expect(
      await rolledBy({
        "postgres.enabled": false,
        "externalDatabase.host": "db.internal",
        "externalDatabase.password": "x",
      }),
    ).toEqual(["mcp", "order-service"]);
    expect(await rolledBy({ "redis.auth.password": "changed" })).toEqual(["api", "mcp", "redis", "worker"]);
    expect(await rolledBy({ "ai.openaiApiKey": "sk-test" })).toEqual(["mcp"]);
    expect(await rolledBy({ "marketData.service.ports.grpc": 50061 })).toEqual(["api", "order-service"]);
    expect(await rolledBy({ "api.replicaCount": 3 })).toEqual([]);
  });
});
