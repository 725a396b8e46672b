// Passwords with any printable character reach every process intact: the chart's URLs, decoded
// by the same parsers the application uses (test/chart/decode_urls.py, run in the venv that
// `npm run setup` makes), give back exactly the passwords, users and databases in values.
import { join } from "node:path";
import type { V1Deployment } from "@kubernetes/client-node";
import { execa } from "execa";
import { afterAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../scripts/project-root.ts";
import { urlParsersVenv, venvPython } from "../../scripts/python-venv.ts";
import { applicationEnv, container, helms, named, render, valuesFiles } from "../render.ts";

const files = valuesFiles("urls");
afterAll(files.remove);

/** Every printable ASCII character that is not a letter or digit, and a space. */
const hardPassword = "p %@/#+?&=:;,$!*'()[]{}<>|\\^`~\"-_.0";
const values = {
  postgres: { auth: { password: hardPassword, username: "trader@desk", database: "orders_2026" } },
  redis: { auth: { password: `r${hardPassword}` } },
  rabbitmq: { auth: { password: `q${hardPassword}`, username: "broker user" } },
};

interface Parts {
  user: string | null;
  password: string | null;
  host: string;
  port: number;
  database: string | number | null;
}

async function decode(urls: Record<string, string>): Promise<Record<string, Parts>> {
  const script = join(projectRoot, "test", "chart", "decode_urls.py");
  const { stdout } = await execa(venvPython(urlParsersVenv), [script], { input: JSON.stringify(urls) });
  return JSON.parse(stdout);
}

describe.each(helms)("passwords with any printable character, with helm $version", (helm) => {
  it("reach every process intact through the parsers the application uses", async () => {
    const rendered = await render(helm, { values: [files.write(values)] });
    const envOf = (name: string) =>
      applicationEnv(rendered, container(named<V1Deployment>(rendered, "Deployment", name)));
    const mcp = envOf("mcp");
    const orderService = envOf("order-service");
    const decoded = await decode({
      DATABASE_URL: mcp.DATABASE_URL,
      REDIS_URL: mcp.REDIS_URL,
      CELERY_RESULT_BACKEND: mcp.CELERY_RESULT_BACKEND,
      CELERY_BROKER_URL: mcp.CELERY_BROKER_URL,
      RABBITMQ_URL: orderService.RABBITMQ_URL,
    });
    const database = { user: "trader@desk", password: hardPassword, port: 5432, database: "orders_2026" };
    expect(decoded.DATABASE_URL).toMatchObject({ ...database, host: "postgres.default.svc.cluster.local" });
    expect(decoded["DATABASE_URL via Alembic"]).toMatchObject(database);
    for (const name of ["REDIS_URL", "CELERY_RESULT_BACKEND"]) {
      expect(decoded[name], name).toMatchObject({ password: `r${hardPassword}`, port: 6379, database: 0 });
    }
    const broker = { user: "broker user", password: `q${hardPassword}`, port: 5672 };
    expect(decoded.CELERY_BROKER_URL).toMatchObject({ ...broker, database: "/" });
    expect(decoded.RABBITMQ_URL).toMatchObject({ ...broker, database: "/" });
    // And the datastores themselves are given the same passwords, unencoded.
    expect(envOf("postgres").POSTGRES_PASSWORD).toBe(hardPassword);
    expect(envOf("redis").REDIS_PASSWORD).toBe(`r${hardPassword}`);
    expect(envOf("rabbitmq").RABBITMQ_DEFAULT_PASS).toBe(`q${hardPassword}`);
  });
});
