// The servers of the node and the test control plane are waited for with waitForProcess: one that
// dies is reported at once with its log, not after the whole timeout.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startProcess, stopProcess, waitForProcess } from "../../scripts/cluster/processes.ts";

const logDir = mkdtempSync(join(tmpdir(), "cryptoflow-processes-"));
afterAll(() => rmSync(logDir, { recursive: true, force: true }));

describe("waitForProcess", () => {
  it("fails at once when the process exits, naming it and showing the end of its log", async () => {
    const server = startProcess("dies", "sh", ["-c", "echo listening failed: address in use; exit 3"], logDir);
    const started = Date.now();
    const waiting = waitForProcess(server, "the port to answer", async () => false, 60_000);
    await expect(waiting).rejects.toThrow(/dies exited while waiting for the port to answer[\s\S]*address in use/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("returns once the check holds while the process runs", async () => {
    const server = startProcess("lives", "sh", ["-c", "sleep 30"], logDir);
    let checks = 0;
    await waitForProcess(server, "the third check", async () => ++checks >= 3, 10_000);
    expect(checks).toBe(3);
    await stopProcess(server);
  });

  it("still times out, with the log, when the process runs but never gets ready", async () => {
    const server = startProcess("stuck", "sh", ["-c", "echo still starting; sleep 30"], logDir);
    await expect(waitForProcess(server, "readiness", async () => false, 1_000)).rejects.toThrow(
      /timed out after 1s waiting for readiness[\s\S]*still starting/,
    );
    await stopProcess(server);
  });
});
