// The rendered NetworkPolicies, evaluated as Kubernetes would for every ordered pair of
// workloads and every port: exactly the dependency graph, plus DNS, plus users reaching the API.

import { join } from "node:path";
import type { V1NetworkPolicy, V1Pod } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { chartDir } from "../../scripts/chart/folder.ts";
import type { Rendered, RenderOptions } from "../../scripts/chart/helm-template.ts";
import { defaultWorkloads, graph } from "../expectations.ts";
import { allowed, type Endpoint } from "../network-policy.ts";
import { helms, ofKind, render, services } from "../render.ts";
import { allowedAmong, endpoint, workloads } from "../workload-endpoints.ts";

/** Production runs PostgreSQL as a managed service. */
const productionWorkloads = defaultWorkloads.filter((name) => name !== "postgres");

/** The release's workloads, after asserting they are exactly `expected`: a loop over them never checks nothing. */
function expectWorkloads(rendered: Rendered, namespace: string, expected = defaultWorkloads): Endpoint[] {
  const found = workloads(rendered, namespace);
  expect(found.map((workload) => workload.name).sort()).toEqual([...expected].sort());
  return found;
}

function only<T>(items: T[], predicate: (item: T) => boolean, what: string): T {
  const found = items.find(predicate);
  if (!found) throw new Error(`no ${what}`);
  return found;
}

/** An address outside the cluster. */
const external = (address: string): Endpoint => ({
  name: address,
  namespace: null,
  address,
  namespaceLabels: {},
  labels: {},
  ports: [],
});
/** A public address on the internet. */
const outside = external("203.0.113.10");
const kubeDns: Endpoint = {
  name: "kube-dns",
  namespace: "kube-system",
  namespaceLabels: { "kubernetes.io/metadata.name": "kube-system" },
  labels: { "k8s-app": "kube-dns" },
  ports: [
    { name: "dns", port: 53, protocol: "UDP" },
    { name: "dns-tcp", port: 53, protocol: "TCP" },
  ],
};
const metricsServer: Endpoint = {
  name: "metrics-server",
  namespace: "kube-system",
  namespaceLabels: { "kubernetes.io/metadata.name": "kube-system" },
  labels: { "k8s-app": "metrics-server" },
  ports: [{ name: "https", port: 443, protocol: "TCP" }],
};

const cases: [string, RenderOptions, string][] = [
  ["default install", {}, "default"],
  [
    "another namespace, release-prefixed names",
    { namespace: "trading", release: "blue", set: { prefixWithReleaseName: true } },
    "trading",
  ],
  [
    "fullnameOverride and nameOverride",
    { release: "platform", set: { fullnameOverride: "shop", nameOverride: "trading" } },
    "default",
  ],
];

describe.each(helms)("network policies with helm $version", (helm) => {
  it.each(cases)("allow exactly the dependency graph between workloads (%s)", async (_, options, namespace) => {
    expect(allowedAmong(await render(helm, options), namespace)).toEqual([...graph].sort());
  });

  it("send production's clients of the managed PostgreSQL to externalDatabase.egressCidr on its port, and nowhere else", async () => {
    const rendered = await render(helm, { values: [join(chartDir, "profiles", "production.yaml")] });
    const policies = ofKind<V1NetworkPolicy>(rendered, "NetworkPolicy");
    // production.yaml: externalDatabase.egressCidr is 10.0.0.0/8.
    const inBlock = [external("10.0.0.1"), external("10.200.3.4"), external("10.255.255.254")];
    const outsideBlock = [external("11.0.0.1"), external("9.255.255.255"), external("192.168.1.10"), outside];
    const inRelease = graph.filter((edge) => !edge.includes("→ postgres"));
    expect(allowedAmong(rendered, "default")).toEqual([...inRelease].sort());
    const databaseClients = graph.filter((edge) => edge.includes("→ postgres")).map((edge) => edge.split(" ")[0]);
    for (const workload of expectWorkloads(rendered, "default", productionWorkloads)) {
      const client = databaseClients.includes(workload.name);
      for (const database of inBlock) {
        expect(allowed(policies, workload, database, 5432), `${workload.name} → ${database.name}:5432`).toBe(client);
        expect(allowed(policies, workload, database, 6379), `${workload.name} → ${database.name}:6379`).toBe(false);
      }
      for (const elsewhere of outsideBlock) {
        expect(allowed(policies, workload, elsewhere, 5432), `${workload.name} → ${elsewhere.name}:5432`).toBe(false);
      }
    }
  });

  it("give every workload of the release a default-deny policy for both directions", async () => {
    const rendered = await render(helm);
    const policies = ofKind<V1NetworkPolicy>(rendered, "NetworkPolicy");
    for (const workload of expectWorkloads(rendered, "default")) {
      const own = policies.filter((policy) =>
        Object.entries(policy.spec?.podSelector?.matchLabels ?? {}).every(
          ([key, value]) => workload.labels[key] === value,
        ),
      );
      expect(
        own.map((policy) => policy.spec?.policyTypes),
        workload.name,
      ).toEqual([["Ingress", "Egress"]]);
    }
  });

  it("let every workload query the cluster DNS on UDP and TCP 53, and nothing else in kube-system", async () => {
    const rendered = await render(helm);
    const policies = ofKind<V1NetworkPolicy>(rendered, "NetworkPolicy");
    for (const workload of expectWorkloads(rendered, "default")) {
      expect(allowed(policies, workload, kubeDns, 53, "UDP"), workload.name).toBe(true);
      expect(allowed(policies, workload, kubeDns, 53, "TCP"), workload.name).toBe(true);
      expect(allowed(policies, workload, metricsServer, 443), workload.name).toBe(false);
      expect(allowed(policies, workload, outside, 443), `${workload.name} to the internet`).toBe(false);
    }
  });

  it("let users reach the API's port from outside the namespace, and nothing else", async () => {
    const rendered = await render(helm);
    const policies = ofKind<V1NetworkPolicy>(rendered, "NetworkPolicy");
    for (const workload of expectWorkloads(rendered, "default")) {
      for (const { port } of workload.ports) {
        expect(allowed(policies, outside, workload, port), `outside → ${workload.name}:${port}`).toBe(
          workload.name === "api" && port === 8000,
        );
      }
    }
  });

  it("restrict the API to the sources listed in networkPolicy.apiIngressFrom", async () => {
    const rendered = await render(helm, {
      set: {
        "networkPolicy.apiIngressFrom[0].namespaceSelector.matchLabels.kubernetes\\.io/metadata\\.name":
          "ingress-nginx",
      },
    });
    const policies = ofKind<V1NetworkPolicy>(rendered, "NetworkPolicy");
    const api = only(workloads(rendered, "default"), (workload) => workload.name === "api", "api workload");
    const ingressController: Endpoint = {
      name: "ingress-nginx",
      namespace: "ingress-nginx",
      namespaceLabels: { "kubernetes.io/metadata.name": "ingress-nginx" },
      labels: { "app.kubernetes.io/name": "ingress-nginx" },
      ports: [],
    };
    expect(allowed(policies, ingressController, api, 8000)).toBe(true);
    expect(allowed(policies, outside, api, 8000)).toBe(false);
  });

  it("add the extra rules given in values", async () => {
    const rendered = await render(helm, {
      set: {
        "postgres.networkPolicy.extraIngress[0].from[0].namespaceSelector.matchLabels.team": "backup",
        "postgres.networkPolicy.extraIngress[0].ports[0].port": 5432,
      },
    });
    const policies = ofKind<V1NetworkPolicy>(rendered, "NetworkPolicy");
    const postgres = only(
      workloads(rendered, "default"),
      (workload) => workload.name === "postgres",
      "postgres workload",
    );
    const backupJob: Endpoint = {
      name: "backup",
      namespace: "backup",
      namespaceLabels: { team: "backup" },
      labels: {},
      ports: [],
    };
    expect(allowed(policies, backupJob, postgres, 5432)).toBe(true);
    expect(allowedAmong(rendered, "default")).toEqual([...graph].sort());
  });

  it("let each `helm test` pod make the connections it checks, without being selected by any Service", async () => {
    const rendered = await render(helm);
    const policies = ofKind<V1NetworkPolicy>(rendered, "NetworkPolicy");
    const endpoints = workloads(rendered, "default");
    const testPods = ofKind<V1Pod>(rendered, "Pod");
    expect(testPods.map((pod) => pod.metadata?.annotations?.["helm.sh/hook"])).toEqual(testPods.map(() => "test"));
    let checked = 0;
    for (const pod of testPods) {
      const tester = endpoint(pod.metadata?.name ?? "", "default", pod);
      for (const service of services(rendered)) {
        const selected = Object.entries(service.spec?.selector ?? {}).every(
          ([key, value]) => tester.labels[key] === value,
        );
        expect(selected, `${service.metadata?.name} selects ${tester.name}`).toBe(false);
      }
      const script = pod.spec?.containers[0].command?.join(" ") ?? "";
      for (const [, host, port] of script.matchAll(/nc -z -w \d+ ([\w.-]+) (\d+)/g)) {
        const destination = only(
          endpoints,
          (candidate) => host.startsWith(`${candidate.name}.`),
          `workload behind ${host}`,
        );
        expect(allowed(policies, tester, destination, Number(port)), `${tester.name} → ${host}:${port}`).toBe(true);
        checked++;
      }
    }
    expect(checked).toBe(graph.length);
  });

  it("let each `helm test` pod open only the connections it checks", async () => {
    const rendered = await render(helm);
    const policies = ofKind<V1NetworkPolicy>(rendered, "NetworkPolicy");
    const endpoints = expectWorkloads(rendered, "default");
    const testPods = ofKind<V1Pod>(rendered, "Pod");
    // One pod per client of the graph, and the API check.
    expect(testPods.length).toBe(new Set(graph.map((edge) => edge.split(" ")[0])).size + 1);
    const opened: string[] = [];
    for (const pod of testPods) {
      const tester = endpoint(pod.metadata?.name ?? "", "default", pod);
      for (const destination of endpoints) {
        for (const { port } of destination.ports) {
          if (allowed(policies, tester, destination, port)) opened.push(`${tester.name} → ${destination.name}:${port}`);
        }
      }
      expect(allowed(policies, tester, outside, 443), `${tester.name} → the internet`).toBe(false);
      expect(allowed(policies, tester, kubeDns, 53, "UDP"), `${tester.name} → DNS`).toBe(true);
    }
    const expected = [...graph.map((edge) => edge.replace(/^(\S+) →/, "test-$1-connections →")), "test-api → api:8000"];
    expect(opened.sort()).toEqual(expected.sort());
  });

  it("select every pod of the release, `helm test` pods included, with a default-deny policy", async () => {
    const rendered = await render(helm);
    const policies = ofKind<V1NetworkPolicy>(rendered, "NetworkPolicy");
    const pods = [
      ...expectWorkloads(rendered, "default"),
      ...ofKind<V1Pod>(rendered, "Pod").map((pod) => endpoint(pod.metadata?.name ?? "", "default", pod)),
    ];
    expect(pods.length).toBe(defaultWorkloads.length + 6);
    for (const pod of pods) {
      const selecting = policies.filter((policy) =>
        Object.entries(policy.spec?.podSelector?.matchLabels ?? {}).every(([key, value]) => pod.labels[key] === value),
      );
      expect(selecting.length, `${pod.name} is selected by a NetworkPolicy`).toBeGreaterThan(0);
      for (const policy of selecting) expect(policy.spec?.policyTypes).toEqual(["Ingress", "Egress"]);
    }
  });

  it("let MCP clients reach the MCP server: pods labelled cryptoflow.io/mcp-client=true, or the peers in values", async () => {
    const client = (labels: Record<string, string>, namespace = "default"): Endpoint => ({
      name: JSON.stringify(labels),
      namespace,
      namespaceLabels: { "kubernetes.io/metadata.name": namespace },
      labels,
      ports: [],
    });
    const rendered = await render(helm);
    const policies = ofKind<V1NetworkPolicy>(rendered, "NetworkPolicy");
    const mcp = only(expectWorkloads(rendered, "default"), (workload) => workload.name === "mcp", "mcp");
    expect(allowed(policies, client({ "cryptoflow.io/mcp-client": "true" }), mcp, 8000)).toBe(true);
    expect(allowed(policies, client({ app: "anything" }), mcp, 8000)).toBe(false);
    expect(allowed(policies, outside, mcp, 8000)).toBe(false);
    const opened = await render(helm, {
      set: { "networkPolicy.mcpClientsFrom[0].namespaceSelector.matchLabels.team": "agents" },
    });
    const agents: Endpoint = { ...client({ app: "agent" }, "agents"), namespaceLabels: { team: "agents" } };
    expect(allowed(ofKind<V1NetworkPolicy>(opened, "NetworkPolicy"), agents, mcp, 8000)).toBe(true);
  });

  it("let only the MCP server reach the AI providers over HTTPS, and only once a key is set", async () => {
    const aiProvider = external("203.0.113.50");
    const privateAddress = external("10.1.2.3");
    const without = ofKind<V1NetworkPolicy>(await render(helm), "NetworkPolicy");
    const withKey = await render(helm, { set: { "ai.openaiApiKey": "sk-test" } });
    const policies = ofKind<V1NetworkPolicy>(withKey, "NetworkPolicy");
    const always = ofKind<V1NetworkPolicy>(
      await render(helm, { set: { "networkPolicy.aiProviders.allow": "always" } }),
      "NetworkPolicy",
    );
    for (const workload of expectWorkloads(withKey, "default")) {
      const isMcp = workload.name === "mcp";
      expect(allowed(without, workload, aiProvider, 443), `${workload.name} without a key`).toBe(false);
      expect(allowed(policies, workload, aiProvider, 443), `${workload.name} with a key`).toBe(isMcp);
      expect(allowed(always, workload, aiProvider, 443), `${workload.name} with allow=always`).toBe(isMcp);
      expect(allowed(policies, workload, aiProvider, 80), `${workload.name} over HTTP`).toBe(false);
      expect(allowed(policies, workload, privateAddress, 443), `${workload.name} to a private address`).toBe(false);
    }
  });

  it("render none when networkPolicy.enabled is false", async () => {
    expect(ofKind(await render(helm, { set: { "networkPolicy.enabled": false } }), "NetworkPolicy")).toEqual([]);
  });
});
