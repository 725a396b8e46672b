// The environment profiles shipped in chart/profiles/: each is accepted by the schema, lints
// clean, renders, and production carries the application's production note (its
// docs/documentation/k8s_theory.md: StatefulSets or managed services) as configuration.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import type {
  V1Deployment,
  V1HorizontalPodAutoscaler,
  V1Ingress,
  V1PersistentVolumeClaim,
  V1PodDisruptionBudget,
  V1Secret,
  V1Service,
  V1StatefulSet,
} from "@kubernetes/client-node";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { chartDir, chartProfile, chartProfiles, profileArgs, profileValues } from "../../scripts/chart/folder.ts";
import { kubeVersion } from "../../scripts/chart/helm-template.ts";
import { applications, datastores, productionDatastores } from "../expectations.ts";
import { container, helms, named, ofKind, render } from "../render.ts";

const shipped = chartProfiles().filter((profile) => profile.file);
const profile = (name: string) => ({ values: profileValues(chartProfile(name)) });

describe.each(helms)("profiles with helm $version", (helm) => {
  it("ships the local, ci, staging and production profiles", () => {
    // The folder itself, so a file the profile list would pass over shows up too.
    expect(readdirSync(join(chartDir, "profiles")).sort()).toEqual([
      "ci.yaml",
      "local.yaml",
      "production.yaml",
      "staging.yaml",
    ]);
    expect(shipped.map(({ name }) => name)).toEqual(["ci", "local", "production", "staging"]);
  });

  it.each(shipped)("lints $name clean with --strict", async (profile) => {
    const { stdout } = await execa(helm.path, [
      "lint",
      "--strict",
      chartDir,
      ...profileArgs(profile),
      "--kube-version",
      kubeVersion,
    ]);
    expect(stdout).toMatch(/0 chart\(s\) failed/);
  });

  it("runs the production datastores as StatefulSets with their own volumes, and PostgreSQL as a managed service", async () => {
    const rendered = await render(helm, profile("production"));
    const statefulSets = ofKind<V1StatefulSet>(rendered, "StatefulSet");
    expect(statefulSets.map((set) => set.metadata?.name).sort()).toEqual([...productionDatastores].sort());
    for (const set of statefulSets) {
      expect(set.spec?.volumeClaimTemplates?.[0].metadata?.name).toBe("data");
      const headless = named<V1Service>(rendered, "Service", `${set.metadata?.name}-headless`);
      expect(headless.spec?.clusterIP).toBe("None");
      expect(set.spec?.serviceName).toBe(headless.metadata?.name);
      expect(set.spec?.template.spec?.volumes?.some((volume) => volume.name === "data")).toBe(false);
    }
    const names = rendered.objects.map((object) => `${object.kind}/${object.metadata?.name}`);
    expect(names.filter((name) => /\/postgres/.test(name))).toEqual([]);
    expect(
      ofKind<V1Deployment>(rendered, "Deployment")
        .map((d) => d.metadata?.name)
        .sort(),
    ).toEqual([...applications].sort());
  });

  it("takes every production credential from the existing Secret", async () => {
    const rendered = await render(helm, profile("production"));
    expect(ofKind<V1Secret>(rendered, "Secret")).toEqual([]);
    const workloads = [
      ...ofKind<V1Deployment>(rendered, "Deployment"),
      ...ofKind<V1Deployment>(rendered, "StatefulSet"),
    ];
    const references = workloads.flatMap((deployment) =>
      (container(deployment).env ?? []).flatMap((variable) =>
        variable.valueFrom?.secretKeyRef
          ? [[`${deployment.metadata?.name} ${variable.name}`, variable.valueFrom.secretKeyRef.name]]
          : [],
      ),
    );
    // The passwords their URLs need: worker 2, mcp 3 and 8 AI keys, order-service 2, api 1; and the
    // StatefulSets' own: redis 2, rabbitmq 1.
    expect(references.length).toBe(19);
    for (const [reader, secret] of references) expect(secret, reader).toBe("cryptoflow-credentials");
  });

  it("autoscales market-data from 2 to 5 pods and keeps order-service at 1", async () => {
    const rendered = await render(helm, profile("production"));
    const hpas = ofKind<V1HorizontalPodAutoscaler>(rendered, "HorizontalPodAutoscaler");
    expect(hpas.map((hpa) => [hpa.spec?.scaleTargetRef.name, hpa.spec?.minReplicas, hpa.spec?.maxReplicas])).toEqual([
      ["market-data", 2, 5],
    ]);
    expect(named<V1Deployment>(rendered, "Deployment", "market-data").spec?.replicas).toBeUndefined();
    expect(named<V1Deployment>(rendered, "Deployment", "order-service").spec?.replicas).toBe(1);
  });

  it("gives every multi-replica workload a PodDisruptionBudget and spreads it across nodes", async () => {
    const rendered = await render(helm, profile("production"));
    const budgets = ofKind<V1PodDisruptionBudget>(rendered, "PodDisruptionBudget");
    const multiReplica = ["api", "market-data", "mcp", "worker"];
    expect(budgets.map((budget) => budget.metadata?.name).sort()).toEqual(multiReplica);
    for (const name of multiReplica) {
      const deployment = named<V1Deployment>(rendered, "Deployment", name);
      const budget = named<V1PodDisruptionBudget>(rendered, "PodDisruptionBudget", name);
      expect(budget.spec?.selector?.matchLabels).toEqual(deployment.spec?.selector.matchLabels);
      const spread = deployment.spec?.template.spec?.topologySpreadConstraints ?? [];
      expect(
        spread.map((constraint) => constraint.topologyKey),
        name,
      ).toEqual(["kubernetes.io/hostname"]);
      expect(spread[0].labelSelector?.matchLabels).toEqual(deployment.spec?.selector.matchLabels);
    }
  });

  it("publishes the production API through an Ingress with TLS", async () => {
    const rendered = await render(helm, profile("production"));
    const ingress = named<V1Ingress>(rendered, "Ingress", "api");
    expect(ingress.spec?.tls).toEqual([{ hosts: ["cryptoflow.example.com"], secretName: "cryptoflow-tls" }]);
    expect(ingress.spec?.rules?.[0].http?.paths[0].backend.service).toEqual({ name: "api", port: { name: "http" } });
    expect(named<V1Service>(rendered, "Service", "api").spec?.type).toBe("ClusterIP");
    const loadBalancer = await render(helm, {
      values: profile("production").values,
      set: { "api.service.type": "LoadBalancer", "api.ingress.enabled": false, "api.ingress.tls.enabled": false },
    });
    expect(ofKind(loadBalancer, "Ingress")).toEqual([]);
    expect(named<V1Service>(loadBalancer, "Service", "api").spec?.type).toBe("LoadBalancer");
  });

  it("keeps staging's volumes, and the Secret with their passwords, on uninstall", async () => {
    const rendered = await render(helm, profile("staging"));
    const claims = ofKind<V1PersistentVolumeClaim>(rendered, "PersistentVolumeClaim");
    expect(claims.map((claim) => claim.metadata?.name).sort()).toEqual([...datastores].sort());
    for (const claim of claims) expect(claim.metadata?.annotations?.["helm.sh/resource-policy"]).toBe("keep");
    const secret = named<V1Secret>(rendered, "Secret", "cryptoflow-secrets");
    expect(secret.metadata?.annotations?.["helm.sh/resource-policy"]).toBe("keep");
  });
});
