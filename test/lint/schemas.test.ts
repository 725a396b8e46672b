// kubeconform's schemas are made offline from the Kubernetes OpenAPI spec: named the way
// kubeconform looks them up, for both ends of Chart.yaml's kubeVersion, and strict.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { kubernetesVersions, schemaDir, schemaFileName } from "../../scripts/lint/schemas.ts";

describe("kubeconform schemas", () => {
  it("are named as kubeconform looks them up", () => {
    expect(schemaFileName({ group: "apps", version: "v1", kind: "Deployment" })).toBe("deployment-apps-v1.json");
    expect(schemaFileName({ group: "", version: "v1", kind: "Service" })).toBe("service-v1.json");
    expect(schemaFileName({ group: "networking.k8s.io", version: "v1", kind: "NetworkPolicy" })).toBe(
      "networkpolicy-networking-v1.json",
    );
  });

  it.each(kubernetesVersions)("exist for Kubernetes %s, strict, with apiVersion and kind pinned", (version) => {
    const file = join(schemaDir(version), "deployment-apps-v1.json");
    if (!existsSync(file)) throw new Error(`${file} is missing: run \`npx tsx scripts/lint/setup.ts\``);
    const schema = JSON.parse(readFileSync(file, "utf8"));
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.spec.additionalProperties).toBe(false);
    expect(schema.properties.apiVersion.enum).toEqual(["apps/v1"]);
    expect(schema.properties.kind.enum).toEqual(["Deployment"]);
  });
});
