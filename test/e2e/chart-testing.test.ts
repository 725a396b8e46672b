// `ct install`, as chart repositories run it against kind: chart-testing installs the chart into a
// namespace of its own with every `ci/*-values.yaml` of the chart (ci/ci-values.yaml, the ci profile),
// waits for it, runs `helm test`, prints the logs of every pod, and removes it all.
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { execa } from "execa";
import { afterAll, describe, expect, inject, it } from "vitest";
import { chartDir } from "../../scripts/chart/folder.ts";
import { kubeBinary } from "../../scripts/cluster/binaries.ts";
import { builtTool, chartTestingTool } from "../../scripts/lint/tools.ts";
import { isolatedHelm } from "../helm-home.ts";
import { helms } from "../render.ts";

const binary = helms.at(-1);
if (!binary) throw new Error("no helm binary to test with");
const work = mkdtempSync(join(tmpdir(), "cryptoflow-ct-install-"));
// ct runs helm itself: it gets the same empty helm homes and kubeconfig as the other e2e releases.
const helm = isolatedHelm(binary, inject("kubeconfig"));

describe(`ct install with the chart's CI values, on Helm ${binary.major}`, () => {
  afterAll(() => {
    rmSync(work, { recursive: true, force: true });
    helm.cleanup();
  });

  it(
    "installs the ci profile, passes `helm test` and cleans up after itself",
    async () => {
      // ct's layout: a folder of charts, each with its CI values in ci/ (the chart ships its own).
      cpSync(chartDir, join(work, "charts", "cryptoflow"), { recursive: true });
      const kubectl = process.env.KUBECTL ?? kubeBinary("kubectl");
      const result = await execa(
        builtTool(chartTestingTool),
        ["install", "--charts", "charts/cryptoflow", "--helm-extra-args", "--timeout 10m"],
        {
          cwd: work,
          all: true,
          reject: false,
          timeout: 15 * 60_000,
          env: { ...helm.env, PATH: `${dirname(binary.path)}:${dirname(kubectl)}:${process.env.PATH}` },
        },
      );
      const output = String(result.all);
      expect(result.exitCode, output.slice(-4000)).toBe(0);
      expect(output).toMatch(/Installing chart with values file "charts\/cryptoflow\/ci\/ci-values\.yaml"/);
      expect(output).toMatch(/TEST SUITE:\s+test-api-connections[\s\S]*Phase:\s+Succeeded/);
      expect(output).not.toMatch(/Phase:\s+Failed/);
      expect(output).toMatch(/All charts installed successfully/);
      const namespace = output.match(/Deleting namespace "([^"]+)"/)?.[1];
      expect(namespace, "ct removed its namespace").toBeDefined();
    },
    16 * 60_000,
  );
});
