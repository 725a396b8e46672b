import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Every suite shells out to helm; a render takes about a second on a small machine.
    testTimeout: 120_000,
    hookTimeout: 600_000,
    // Prints which helm binaries (and so which cases) the run uses, before any test.
    globalSetup: ["test/global-setup.ts"],
    // The console report for people, and a machine-readable one that .ci/run's closing line is built from.
    reporters: ["default", "json"],
    outputFile: { json: "test-results/vitest.json" },
  },
});
