// The real node's preflight check names what stops it, before anything starts.
import { createServer, type Server } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { portProblems } from "../../scripts/node/preflight.ts";

describe("the node's preflight check", () => {
  let server: Server;
  let port = 0;
  beforeAll(async () => {
    server = createServer();
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    const address = server.address();
    port = typeof address === "object" && address ? address.port : 0;
  });
  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  it("names a taken port, what it is for, and the process holding it", () => {
    const problems = portProblems({ apiserver: port });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(`port ${port} (apiserver) is taken by`);
    expect(problems[0]).toContain(`pid ${process.pid}`);
  });

  it("finds nothing on a free port", async () => {
    const free = createServer();
    await new Promise<void>((done) => free.listen(0, "127.0.0.1", done));
    const address = free.address();
    const freePort = typeof address === "object" && address ? address.port : 0;
    await new Promise<void>((done) => free.close(() => done()));
    expect(portProblems({ apiserver: freePort })).toEqual([]);
  });
});
