import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // The console report for people, and a machine-readable one that .ci/run's closing line is built from.
    reporters: ["default", "json"],
    outputFile: { json: "test-results/vitest.json" },
    projects: [
      {
        extends: true,
        test: {
          name: "chart",
          include: ["test/**/*.test.ts"],
          exclude: ["test/e2e/**"],
          // Every suite shells out to helm; a render takes about a second on a small machine.
          testTimeout: 120_000,
          hookTimeout: 600_000,
          // Prints which helm binaries (and so which cases) the run uses, before any test.
          globalSetup: ["test/global-setup.ts"],
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          // One real node for all e2e files (scripts/node), started once and stopped at the end.
          globalSetup: ["test/global-setup.ts", "test/e2e/node-setup.ts"],
          testTimeout: 300_000,
          hookTimeout: 900_000,
          // Releases share the node's NodePort 30000 and its two cores: one file at a time, after the chart project.
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
