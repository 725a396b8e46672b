// How components are reached: Service types, names, ports, and what each Service selects.
import { join } from "node:path";
import type { V1Deployment, V1Pod, V1Service } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { chartDir } from "../../scripts/chart/folder.ts";
import type { RenderOptions } from "../../scripts/chart/helm-template.ts";
import { serviceTable } from "../expectations.ts";
import { deployments, helms, named, render, services } from "../render.ts";

const selects = (service: V1Service, deployment: V1Deployment) =>
  Object.entries(service.spec?.selector ?? {}).every(
    ([key, value]) => deployment.spec?.template.metadata?.labels?.[key] === value,
  );

describe.each(helms)("services with helm $version", (helm) => {
  it("renders one Service per reachable component, named after it, with the expected types and ports", async () => {
    const rendered = await render(helm);
    const actual = Object.fromEntries(
      services(rendered).map((service) => [
        service.metadata?.name,
        {
          type: service.spec?.type,
          ports: Object.fromEntries((service.spec?.ports ?? []).map((port) => [port.port, port.targetPort])),
        },
      ]),
    );
    expect(actual).toEqual(serviceTable);
  });

  it("exposes only the API on a node: NodePort 30000 to container port 8000", async () => {
    const rendered = await render(helm);
    const nodePorts = services(rendered).filter((service) => service.spec?.type !== "ClusterIP");
    expect(nodePorts.map((service) => service.metadata?.name)).toEqual(["api"]);
    expect(nodePorts[0].spec?.ports).toEqual([
      { name: "http", port: 8000, targetPort: "http", protocol: "TCP", nodePort: 30000 },
    ]);
  });

  it("lets the API's nodePort be changed", async () => {
    const rendered = await render(helm, { set: { "api.service.nodePorts.http": 31080 } });
    const api = services(rendered).find((service) => service.metadata?.name === "api");
    expect(api?.spec?.ports?.[0].nodePort).toBe(31080);
  });

  it.each([
    ["the defaults", {}],
    ["production, whose database is managed", { values: [join(chartDir, "profiles", "production.yaml")] }],
    [
      "every datastore replaced",
      {
        set: {
          "postgres.enabled": false,
          "redis.enabled": false,
          "rabbitmq.enabled": false,
          "chroma.enabled": false,
          "externalDatabase.host": "db.example.com",
          "externalDatabase.password": "x",
          "externalRedis.host": "redis.example.com",
          "externalRedis.password": "x",
          "externalRabbitmq.host": "mq.example.com",
          "externalRabbitmq.password": "x",
          "externalChroma.host": "chroma.example.com",
        },
      },
    ],
  ])("has `helm test` look up only Services the release renders, with %s", async (_, options) => {
    const rendered = await render(helm, options);
    const script = named<V1Pod>(rendered, "Pod", "test-api").spec?.containers[0]?.command?.join("\n") ?? "";
    const looked = [...script.matchAll(/nslookup ([\w-]+)\./g)].map((match) => match[1]);
    expect(looked.length).toBeGreaterThan(0);
    // Headless Services (a StatefulSet's identity) are not what a client dials.
    const dialled = services(rendered).filter((service) => service.spec?.clusterIP !== "None");
    expect(looked.sort()).toEqual(dialled.map((service) => service.metadata?.name).sort());
  });

  it("gives the worker no Service", async () => {
    expect(services(await render(helm)).some((service) => service.metadata?.name?.includes("worker"))).toBe(false);
  });

  it.each([
    ["default names", {}],
    ["nameOverride", { set: { nameOverride: "trading" } }],
    ["fullnameOverride", { release: "blue", set: { fullnameOverride: "shop" } }],
  ] as [string, RenderOptions][])(
    "selects the pods of exactly one workload and targets a port its container declares (%s)",
    async (_, options) => {
      const rendered = await render(helm, options);
      expect(services(rendered).length).toBe(Object.keys(serviceTable).length);
      for (const service of services(rendered)) {
        const selected = deployments(rendered).filter((deployment) => selects(service, deployment));
        expect(selected.map((deployment) => deployment.metadata?.name)).toEqual([service.metadata?.name]);
        const declared = selected[0].spec?.template.spec?.containers.flatMap((c) => c.ports ?? []) ?? [];
        for (const port of service.spec?.ports ?? []) {
          expect(declared.map((candidate) => candidate.name)).toContain(port.targetPort);
        }
      }
    },
  );

  it("probes only ports the container declares", async () => {
    let probedPorts = 0;
    for (const deployment of deployments(await render(helm))) {
      for (const main of deployment.spec?.template.spec?.containers ?? []) {
        const declared = (main.ports ?? []).map((port) => port.name);
        for (const probe of [main.livenessProbe, main.readinessProbe]) {
          const port = probe?.httpGet?.port ?? probe?.tcpSocket?.port;
          if (port !== undefined) {
            expect(declared, `${deployment.metadata?.name} probes ${port}`).toContain(port);
            probedPorts++;
          }
        }
      }
    }
    // Every component with a Service probes at least one of its ports (datastores may exec instead).
    expect(probedPorts).toBeGreaterThanOrEqual(4);
  });

  it.each([
    ["the release name when asked", "blue", { release: "blue", set: { prefixWithReleaseName: true } }],
    ["fullnameOverride, whatever prefixWithReleaseName says", "shop", { set: { fullnameOverride: "shop" } }],
    [
      "fullnameOverride, whatever prefixWithReleaseName says",
      "shop",
      { release: "blue", set: { fullnameOverride: "shop", prefixWithReleaseName: true } },
    ],
  ] as [string, string, RenderOptions][])(
    "prefixes every object with %s, so two releases share a namespace",
    async (_, prefix, options) => {
      const rendered = await render(helm, options);
      const names = rendered.objects.map((object) => object.metadata?.name ?? "");
      expect(names.length).toBeGreaterThan(30);
      expect(names.filter((name) => name !== prefix && !name.startsWith(`${prefix}-`))).toEqual([]);
    },
  );
});
