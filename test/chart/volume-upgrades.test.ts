// The upgrade checks of chart/templates/_validate-upgrade.tpl read the cluster with `lookup`,
// which `helm template` answers with nothing: every switch they guard must still render there.
// Their refusals are checked against a real API server in test/cluster/volume-upgrades.test.ts.
// Sizes are compared through the chart's own quantity reader, checked here on its own.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { V1PersistentVolumeClaim, V1StatefulSet } from "@kubernetes/client-node";
import { execa } from "execa";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { chartDir } from "../../scripts/chart/folder.ts";
import { datastores } from "../expectations.ts";
import { helmFailure, helms, named, render } from "../render.ts";

describe.each(helms)("datastore volume switches with helm $version template (no cluster to read)", (helm) => {
  it.each(datastores)("renders %s as a StatefulSet with another size, class and access mode", async (name) => {
    const rendered = await render(helm, {
      set: {
        [`${name}.workload`]: "StatefulSet",
        [`${name}.persistence.enabled`]: true,
        [`${name}.persistence.size`]: "1.5Gi",
        [`${name}.persistence.storageClass`]: "fast",
        [`${name}.persistence.accessModes[0]`]: "ReadWriteOncePod",
      },
    });
    const template = named<V1StatefulSet>(rendered, "StatefulSet", name).spec?.volumeClaimTemplates?.[0];
    expect(template?.spec?.resources?.requests?.storage).toBe("1.5Gi");
    expect(template?.spec?.storageClassName).toBe("fast");
    expect(template?.spec?.accessModes).toEqual(["ReadWriteOncePod"]);
  });

  it("renders postgres disabled for a managed database while its persistence stays on", async () => {
    const rendered = await render(helm, {
      set: {
        "postgres.enabled": false,
        "externalDatabase.host": "db.example.com",
        "externalDatabase.password": "elsewhere",
        "postgres.persistence.enabled": true,
      },
    });
    expect(rendered.objects.find((o) => o.metadata?.name === "postgres")).toBeUndefined();
  });

  it("renders a Deployment's claim with a new size in a named class", async () => {
    const rendered = await render(helm, {
      set: {
        "redis.persistence.enabled": true,
        "redis.persistence.size": "16Gi",
        "redis.persistence.storageClass": "-",
      },
    });
    const claim = named<V1PersistentVolumeClaim>(rendered, "PersistentVolumeClaim", "redis");
    expect(claim.spec?.resources?.requests?.storage).toBe("16Gi");
    expect(claim.spec?.storageClassName).toBe("");
  });
});

// cryptoflow.quantityBytes, rendered by itself: a scratch chart holding the generated helper file
// and one ConfigMap that prints the bytes of each quantity it is given.
const scratch = mkdtempSync(join(tmpdir(), "cryptoflow-quantities-"));
mkdirSync(join(scratch, "templates"));
copyFileSync(join(chartDir, "templates", "_validate-upgrade.tpl"), join(scratch, "templates", "_validate-upgrade.tpl"));
writeFileSync(join(scratch, "Chart.yaml"), "apiVersion: v2\nname: quantities\nversion: 0.1.0\n");
writeFileSync(
  join(scratch, "templates", "bytes.yaml"),
  [
    "apiVersion: v1",
    "kind: ConfigMap",
    "metadata:",
    "  name: bytes",
    "data:",
    "{{- range .Values.quantities }}",
    '  {{ . | quote }}: {{ include "cryptoflow.quantityBytes" . | float64 | int64 | quote }}',
    "{{- end }}",
    "",
  ].join("\n"),
);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The same sizes as Kubernetes counts them, in bytes. */
const bytes: Record<string, string> = {
  "8Gi": "8589934592",
  "8192Mi": "8589934592",
  "1.5Gi": "1610612736",
  "1536Mi": "1610612736",
  ".5Gi": "536870912",
  "+5Gi": "5368709120",
  "1Ki": "1024",
  "4Ti": "4398046511104",
  "1Pi": "1125899906842624",
  "1k": "1000",
  "2G": "2000000000",
  "2000M": "2000000000",
  "2e9": "2000000000",
  "2E9": "2000000000",
  "0.3G": "300000000",
  "1E": "1000000000000000000",
  "100": "100",
  "2000m": "2",
};

describe.each(helms)("cryptoflow.quantityBytes with helm $version", (helm) => {
  it("reads binary, decimal and exponent forms as the same bytes Kubernetes counts", async () => {
    const { stdout } = await execa(helm.path, [
      "template",
      scratch,
      "--set-json",
      `quantities=${JSON.stringify(Object.keys(bytes))}`,
    ]);
    expect((parse(stdout) as { data: Record<string, string> }).data).toEqual(bytes);
  });

  it.each(["8gb", "Gi", "8 Gi"])("refuses to guess the size of %j", async (quantity) => {
    const { stderr } = await helmFailure(helm, ["template", scratch, "--set-json", `quantities=["${quantity}"]`]);
    expect(stderr).toContain(`cannot read the storage quantity "${quantity}"`);
  });
});
