// Child processes of the test control plane: started with their output in a log file, stopped
// (TERM, then KILL) when asked, and killed when this Node process exits for any reason.
import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, openSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { waitFor } from "./wait.ts";

export interface ServerProcess {
  name: string;
  child: ChildProcess;
  logFile: string;
}

const running = new Set<ChildProcess>();
const cleanups = new Set<() => void>();
const killAll = (): void => {
  for (const child of running) child.kill("SIGKILL");
  // Once: a signal handler runs this, then the "exit" handler would run it again.
  for (const cleanup of [...cleanups]) {
    cleanups.delete(cleanup);
    cleanup();
  }
};

/** Runs `cleanup` (synchronous) if this process exits before `stop` ran; returns the unregister function. */
export function onAbnormalExit(cleanup: () => void): () => void {
  cleanups.add(cleanup);
  return () => cleanups.delete(cleanup);
}
process.on("exit", killAll);
// A signal ends Node without running "exit" handlers: stop the servers first. A second signal
// (Ctrl-C twice, or a wrapper relaying it) must not cut the cleanup short. The cleanup starts a
// moment later: tsx's wrapper waits 30 ms for this process to acknowledge the signal (over IPC,
// which a synchronous cleanup would hold up) before it sends SIGKILL.
let exiting = false;
for (const [signal, number] of [
  ["SIGINT", 2],
  ["SIGTERM", 15],
  ["SIGHUP", 1],
] as const) {
  process.on(signal, () => {
    if (exiting) return;
    exiting = true;
    setTimeout(() => {
      killAll();
      process.exit(128 + number);
    }, 100);
  });
}

export function startProcess(name: string, binary: string, args: string[], logDir: string): ServerProcess {
  const logFile = join(logDir, `${name}.log`);
  const log = openSync(logFile, "a");
  const child = spawn(binary, args, { stdio: ["ignore", log, log] });
  closeSync(log);
  running.add(child);
  child.on("exit", () => running.delete(child));
  return { name, child, logFile };
}

export function logTail(server: ServerProcess, lines = 30): string {
  try {
    return readFileSync(server.logFile, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}

export function hasExited(server: ServerProcess): boolean {
  return server.child.exitCode !== null || server.child.signalCode !== null;
}

/** Sends TERM, waits up to `graceMs` for the exit, then KILLs. */
export async function stopProcess(server: ServerProcess, graceMs = 5_000): Promise<void> {
  if (hasExited(server)) return;
  const exited = new Promise<void>((done) => server.child.once("exit", () => done()));
  server.child.kill("SIGTERM");
  const timer = setTimeout(() => server.child.kill("SIGKILL"), graceMs);
  await exited;
  clearTimeout(timer);
}

/** A port that was free on 127.0.0.1 a moment ago (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

/** Waits for `check` while `server` runs; fails at once if it exits, with the end of its log. */
export async function waitForProcess(
  server: ServerProcess,
  what: string,
  check: () => Promise<boolean>,
  timeoutMs: number,
): Promise<void> {
  const withLog = (message: string) =>
    new Error(`${message}\n--- ${server.name} log (${server.logFile}) ---\n${logTail(server, 40)}`);
  // A process that exited will not become ready: stop waiting at once, with its log.
  const outcome = await waitFor(
    what,
    async () => (hasExited(server) ? "exited" : (await check()) && "ready"),
    timeoutMs,
  ).catch((error: Error) => {
    throw withLog(error.message);
  });
  if (outcome === "exited") throw withLog(`${server.name} exited while waiting for ${what}`);
}
