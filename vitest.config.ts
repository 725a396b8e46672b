import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Every suite shells out to helm; a render takes about a second on a small machine.
    testTimeout: 120_000,
    hookTimeout: 600_000,
  },
});
