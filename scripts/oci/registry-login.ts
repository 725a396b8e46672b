// Registry credentials for helm and cosign alike: HELM_REGISTRY_USERNAME/HELM_REGISTRY_PASSWORD
// are logged in to a throwaway registry config (password through stdin, never argv); without them
// helm uses the user's own `helm registry login` and cosign the user's `docker login`/`cosign login`.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runHelm } from "./helm-cli.ts";
import { classify, failureMessage } from "./registry-errors.ts";

export interface RegistryLogin {
  env: NodeJS.ProcessEnv;
  cleanup: () => void;
}

export function credentialsEnv(registry: string, plainHttp: string[]): RegistryLogin {
  const { HELM_REGISTRY_USERNAME: username, HELM_REGISTRY_PASSWORD: password } = process.env;
  if (!username || !password) return { env: process.env, cleanup: () => {} };
  const dir = mkdtempSync(join(tmpdir(), "cryptoflow-login-"));
  // helm writes a Docker-format config.json, which cosign reads from DOCKER_CONFIG.
  const env = { ...process.env, HELM_REGISTRY_CONFIG: join(dir, "config.json"), DOCKER_CONFIG: dir };
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  const login = runHelm(["registry", "login", registry, "--username", username, "--password-stdin", ...plainHttp], {
    env,
    input: password,
  });
  if (login.status !== 0) {
    cleanup();
    const failure = classify(login);
    throw new Error(failureMessage(failure === "not-found" ? "other" : failure, registry, login));
  }
  return { env, cleanup };
}
