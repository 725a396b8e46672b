// Registry credentials for helm and cosign alike: HELM_REGISTRY_USERNAME/HELM_REGISTRY_PASSWORD
// are logged in to a throwaway registry config (password through stdin, never argv); without them
// helm uses the user's own `helm registry login` and cosign the user's `docker login`/`cosign login`.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runHelm } from "./helm-cli.ts";
import { classify, failureMessage } from "./registry-errors.ts";

/**
 * Runs `work` with the environment helm, cosign and oras should use for the registry; a throwaway
 * login is removed when `work` ends, however it ends.
 */
export function withRegistryLogin<T>(registry: string, plainHttp: string[], work: (env: NodeJS.ProcessEnv) => T): T {
  const { HELM_REGISTRY_USERNAME: username, HELM_REGISTRY_PASSWORD: password } = process.env;
  if (!username || !password) return work(process.env);
  const dir = mkdtempSync(join(tmpdir(), "cryptoflow-login-"));
  try {
    // helm writes a Docker-format config.json, which cosign reads from DOCKER_CONFIG.
    const env = { ...process.env, HELM_REGISTRY_CONFIG: join(dir, "config.json"), DOCKER_CONFIG: dir };
    const login = runHelm(["registry", "login", registry, "--username", username, "--password-stdin", ...plainHttp], {
      env,
      input: password,
    });
    if (login.status !== 0) {
      const failure = classify(login);
      throw new Error(failureMessage(failure === "not-found" ? "other" : failure, registry, login));
    }
    return work(env);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
