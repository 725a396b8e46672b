// The image recipe in image/cryptoflow/ against the application's source (CRYPTOFLOW_SRC, by
// default the pinned snapshot beside this repository): what it must fix is really there to fix,
// and its fixes apply. Building the image itself needs a container builder; see its README.
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../scripts/project-root.ts";

const recipe = join(projectRoot, "image", "cryptoflow");
const source = resolve(
  process.env.CRYPTOFLOW_SRC ?? join(projectRoot, "..", "shared", "upstream", "cryptoflow-6b9dbc9"),
);
const read = (path: string) => readFileSync(path, "utf8");
const scratch = mkdtempSync(join(tmpdir(), "cryptoflow-recipe-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Top-level packages a Python file imports. */
const importsOf = (path: string) =>
  [...read(path).matchAll(/^\s*(?:from|import)\s+([A-Za-z_][\w]*)/gm)].map((match) => match[1]);

/** Package names in a requirements file, normalised as pip compares them. */
const requirementNames = (path: string) =>
  read(path)
    .split("\n")
    .map((line) => line.replace(/#.*/, "").trim())
    .filter(Boolean)
    .map((line) =>
      line
        .split(/[<>=!~\s[]/)[0]
        .toLowerCase()
        .replace(/[-_.]+/g, "-"),
    );

describe("the CryptoFlow image recipe", () => {
  it("finds the application's source", () => {
    expect(existsSync(join(source, "requirements.txt")), `no application checkout at ${source}`).toBe(true);
  });

  it("adds exactly the packages order-service and the MCP server import that upstream's requirements lack", () => {
    const upstream = requirementNames(join(source, "requirements.txt"));
    const extra = requirementNames(join(recipe, "extra-requirements.txt"));
    const imported = [
      ...importsOf(join(source, "src/services/order_service/server.py")),
      ...importsOf(join(source, "src/entrypoints/mcp_server.py")),
    ];
    const normalised = (name: string) => name.toLowerCase().replace(/_/g, "-");
    for (const name of ["aio_pika", "fastmcp", "mcp"]) {
      expect(imported, `${name} is imported`).toContain(name);
      expect(upstream, `upstream already lists ${name}`).not.toContain(normalised(name));
      expect(extra, `extra-requirements.txt lists ${name}`).toContain(normalised(name));
    }
  });

  it("copies Alembic's migrations/, which alembic.ini points at and upstream's Dockerfile leaves out", () => {
    expect(read(join(source, "alembic.ini"))).toMatch(/^script_location = %\(here\)s\/migrations$/m);
    expect(existsSync(join(source, "migrations", "env.py"))).toBe(true);
    expect(read(join(source, "Dockerfile"))).not.toMatch(/COPY.*migrations/);
    expect(read(join(recipe, "Dockerfile"))).toMatch(/^COPY migrations \/app\/migrations$/m);
  });

  it("finds every file the Dockerfile takes from the recipe or the source", () => {
    const dockerfile = read(join(recipe, "Dockerfile"));
    for (const [, from, files] of dockerfile.matchAll(/^COPY (--from=recipe )?(.+) \S+$/gm)) {
      if (files.startsWith("--from=")) continue; // between build stages
      for (const file of files.split(/\s+/)) {
        expect(existsSync(join(from ? recipe : source, file)), `${from ? "recipe" : "source"} has ${file}`).toBe(true);
      }
    }
  });

  it("patches the hard-coded gRPC addresses to read the chart's variables", () => {
    const files = ["src/infrastructure/grpc_client.py", "src/services/order_service/server.py"];
    const copy = join(scratch, "src");
    for (const file of files) {
      expect(read(join(source, file)), `${file} dials localhost upstream`).toMatch(/localhost:5005[12]/);
      cpSync(join(source, file), join(copy, file), { recursive: true });
    }
    execFileSync("git", ["apply", "-p1", join(recipe, "grpc-targets.patch")], { cwd: copy });
    const client = read(join(copy, files[0]));
    expect(client).toMatch(/os\.getenv\("MARKET_DATA_GRPC_TARGET"/);
    expect(client).toMatch(/os\.getenv\("ORDER_SERVICE_GRPC_TARGET"/);
    expect(client).not.toMatch(/insecure_channel\('localhost/);
    expect(read(join(copy, files[1]))).toMatch(/os\.getenv\("MARKET_DATA_GRPC_TARGET"/);
  });
});
