// `npm run publish` against a registry with basic auth (htpasswd, bcrypt), with each Helm major:
// credentials from the environment or from `helm registry login`, and a clear refusal otherwise.
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chartIdentity } from "../../scripts/oci/chart-archive.ts";
import { helmBinaries } from "../../scripts/tools.ts";
import { expectOneLineError, expectSuccess } from "./expectations.ts";
import { type HelmHome, helmHome } from "./helm-home.ts";
import { type Credentials, type Registry, startRegistry } from "./registry-server.ts";

const chart = chartIdentity();
const user: Credentials = { username: "ci-publisher", password: randomBytes(12).toString("hex") };

describe.each(helmBinaries())("publish to a registry with basic auth (helm $version)", (helm) => {
  let registry: Registry | undefined;
  let home: HelmHome;
  let dist: string;
  let reference: string;
  const publish = (env: NodeJS.ProcessEnv = {}) =>
    home.script("publish", [reference, "--plain-http", "--destination", dist], env);
  const fromEnvironment = (password: string) => ({
    HELM_REGISTRY_USERNAME: user.username,
    HELM_REGISTRY_PASSWORD: password,
  });

  beforeAll(async () => {
    home = helmHome(helm.path);
    registry = await startRegistry(user);
    dist = join(home.dir, "dist");
    expectSuccess(home.script("package", ["--destination", dist]));
    reference = `oci://${registry.host}/charts`;
  });
  afterAll(async () => {
    await registry?.stop();
    home?.remove();
  });

  it("refuses to publish without credentials, saying authentication was refused", () => {
    expectOneLineError(publish(), new RegExp(`authentication refused by ${registry?.host}`));
  });

  it("refuses a wrong password with the same clear error", () => {
    expectOneLineError(
      publish(fromEnvironment("not-the-password")),
      /authentication refused by .*HELM_REGISTRY_USERNAME/,
    );
  });

  it("publishes with credentials from the environment, without storing them", () => {
    const result = publish(fromEnvironment(user.password));
    expectSuccess(result);
    expect(result.stdout).toContain(`reference: ${reference}/${chart.name}:${chart.version}`);
    const registryConfig = home.env.HELM_REGISTRY_CONFIG ?? "";
    const saved = existsSync(registryConfig) ? readFileSync(registryConfig, "utf8") : "";
    expect(saved).not.toContain(registry?.host);
  });

  it("uses a `helm registry login`, and then refuses the version already there", () => {
    const login = home.helm(
      ["registry", "login", registry?.host ?? "", "--username", user.username, "--password-stdin", "--plain-http"],
      user.password,
    );
    expectSuccess(login);
    const shown = home.helm([
      "show",
      "chart",
      `${reference}/${chart.name}`,
      "--version",
      chart.version,
      "--plain-http",
    ]);
    expectSuccess(shown);
    expect(shown.stdout).toContain(`version: ${chart.version}`);
    expectOneLineError(publish(), /version already there/);
  });
});
