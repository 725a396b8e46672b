// What users run: `helm install cryptoflow oci://REGISTRY/charts/cryptoflow --version X`. The
// chart is packaged and published with our own scripts to a real registry on 127.0.0.1, then
// installed from there into the test control plane, with each helm major.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chartIdentity } from "../../scripts/oci/chart-archive.ts";
import { servedComponents } from "../expectations.ts";
import { expectSuccess } from "../oci/expectations.ts";
import { type HelmHome, helmHome } from "../oci/helm-home.ts";
import { type Registry, startRegistry } from "../oci/registry-server.ts";
import { helmsUnderTest } from "./chart.ts";
import { clusterForThisFile, createRestrictedNamespace, deleteNamespace, listIn, uniqueNamespace } from "./cluster.ts";
import { type HelmRunner, helmRunner } from "./helm.ts";

const chart = chartIdentity();

const cluster = clusterForThisFile();
let registry: Registry;
beforeAll(async () => {
  registry = await startRegistry();
});
afterAll(async () => {
  await registry?.stop();
});

describe.each(helmsUnderTest())("helm $version installs the published chart from oci://", (binary) => {
  let home: HelmHome;
  let helm: HelmRunner;
  const namespace = uniqueNamespace(`oci-h${binary.major}`);
  // Node ports are cluster-wide: each helm major's release asks for its own.
  const nodePort = 31000 + binary.major;

  beforeAll(async () => {
    home = helmHome(binary.path);
    helm = helmRunner(binary, cluster);
    const dist = join(home.dir, "dist");
    expectSuccess(home.script("package", ["--destination", dist]));
    // Each major publishes under its own path: a version, once pushed, is never overwritten.
    expectSuccess(
      home.script("publish", [`oci://${registry.host}/helm${binary.major}`, "--plain-http", "--destination", dist]),
    );
    await createRestrictedNamespace(cluster, namespace);
  });
  afterAll(async () => {
    home?.remove();
    helm?.cleanup();
    await deleteNamespace(cluster, namespace);
  });

  it("installs the release from the registry, at the published version", async () => {
    const reference = `oci://${registry.host}/helm${binary.major}/${chart.name}`;
    await helm.ok(namespace, [
      "install",
      "cryptoflow",
      reference,
      "--version",
      chart.version,
      "--plain-http",
      "--set",
      `api.service.nodePorts.http=${nodePort}`,
    ]);
    const listed = await helm.ok(namespace, ["list", "--output", "json"]);
    const [release] = JSON.parse(listed.stdout) as { name: string; chart: string; status: string }[];
    expect(release).toMatchObject({ name: "cryptoflow", chart: `${chart.name}-${chart.version}`, status: "deployed" });
    const services = await listIn(cluster, namespace, "services", "cryptoflow");
    const api = services.find((service) => service.metadata?.name === "api");
    expect(api?.spec?.ports?.[0]?.nodePort).toBe(nodePort);
    expect(services.map((service) => service.metadata?.name).sort()).toEqual([...servedComponents].sort());
  });
});
