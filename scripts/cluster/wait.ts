// Waiting until something holds, for the test control plane, the node and the e2e tests alike.
// A module of its own: processes.ts, which also uses it, installs exit and signal handlers on import.

/**
 * Polls `check` every `intervalMs` until it returns something other than `undefined` or `false`,
 * and returns that. A check that throws counts as "not yet"; the last error one threw is in the
 * timeout's message. Bounded by `timeoutMs` and by the number of checks that fit in it.
 */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | false>,
  timeoutMs: number,
  intervalMs = 250,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (let attempt = 0; attempt < Math.ceil(timeoutMs / intervalMs) + 1; attempt++) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) break;
    await new Promise((done) => setTimeout(done, intervalMs));
  }
  const message = lastError instanceof Error ? lastError.message : String(lastError);
  const failed = lastError === undefined ? "" : ` (a check failed: ${message})`;
  throw new Error(`timed out after ${Math.round(timeoutMs / 1000)}s waiting for ${what}${failed}`);
}
