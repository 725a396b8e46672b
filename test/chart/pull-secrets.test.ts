// Image pull secrets: global.imagePullSecrets on every pod, a component's own added to its pods,
// each written as a Secret's name or as the pod spec's {name: …}.
import type { V1PodSpec } from "@kubernetes/client-node";
import { afterAll, describe, expect, it } from "vitest";
import type { Rendered } from "../../scripts/chart/helm-template.ts";
import { helms, podSpecs, render, valuesFiles } from "../render.ts";

const files = valuesFiles("pull-secrets");
afterAll(files.remove);

const pullSecrets = (spec: V1PodSpec) => (spec.imagePullSecrets ?? []).map((secret) => secret.name);

/** Each pod template's pull secrets, by owner (`Deployment/api`, `Job/migrations`, `Pod/test-api`…). */
const byOwner = (rendered: Rendered) =>
  Object.fromEntries(podSpecs(rendered).map(({ owner, spec }) => [owner, pullSecrets(spec)]));

describe.each(helms)("image pull secrets with helm $version", (helm) => {
  it("names none by default", async () => {
    const owners = byOwner(await render(helm));
    expect(Object.keys(owners).length).toBeGreaterThan(15);
    expect(Object.values(owners).flat()).toEqual([]);
  });

  it("puts global.imagePullSecrets, as names or {name: …}, on every pod", async () => {
    const values = files.write({ global: { imagePullSecrets: [{ name: "regcred" }, "registry-mirror"] } });
    const owners = byOwner(await render(helm, { values: [values] }));
    expect(Object.keys(owners).length).toBeGreaterThan(15);
    for (const [owner, secrets] of Object.entries(owners))
      expect(secrets, owner).toEqual(["regcred", "registry-mirror"]);
  });

  it("adds a component's own to its pods only, once each: api's to the migrations Job, tests' to the test pods", async () => {
    const values = files.write({
      global: { imagePullSecrets: ["regcred"] },
      api: { imagePullSecrets: [{ name: "regcred" }, { name: "app-registry" }] },
      postgres: { imagePullSecrets: ["hub-mirror"] },
      tests: { imagePullSecrets: [{ name: "hub-mirror" }] },
    });
    const owners = byOwner(await render(helm, { values: [values] }));
    expect(owners["Deployment/api"]).toEqual(["regcred", "app-registry"]);
    expect(owners["Job/migrations"]).toEqual(["regcred", "app-registry"]);
    expect(owners["Deployment/postgres"]).toEqual(["regcred", "hub-mirror"]);
    expect(owners["Deployment/worker"]).toEqual(["regcred"]);
    const testPods = Object.entries(owners).filter(([owner]) => owner.startsWith("Pod/"));
    expect(testPods.length).toBeGreaterThan(3);
    for (const [owner, secrets] of testPods) expect(secrets, owner).toEqual(["regcred", "hub-mirror"]);
  });
});
