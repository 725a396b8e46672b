// Installs everything `npm run lint` needs that npm does not: kubeconform, kube-score and
// chart-testing (built from the Go module proxy), kubeconform's schemas (made from the Kubernetes
// OpenAPI spec) and yamllint and yamale (from PyPI, into a venv at .tools/python-lint; ct calls
// them by name, so the lint puts that venv's bin/ on ct's PATH). Reuses whatever is there.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { pythonToolsDir } from "./chart-testing.ts";
import { ensureSchemas } from "./schemas.ts";
import { ensureLintGoTools } from "./tools.ts";

export const pythonPackages = ["yamllint==1.38.0", "yamale==6.1.0"];

function ensurePythonTools(): void {
  const bin = join(pythonToolsDir, "bin");
  if (existsSync(join(bin, "yamllint")) && existsSync(join(bin, "yamale"))) return;
  console.log(`installing ${pythonPackages.join(" ")} from PyPI into ${pythonToolsDir}`);
  try {
    execFileSync("python3", ["-m", "venv", pythonToolsDir], { stdio: "inherit" });
  } catch {
    throw new Error(
      "python3 with the venv module is needed for ct's yamllint and yamale: apt-get install python3-venv",
    );
  }
  execFileSync(join(bin, "pip"), ["install", "--quiet", "--disable-pip-version-check", ...pythonPackages], {
    stdio: "inherit",
  });
}

/** Builds or installs every tool the lint needs that is missing; call it from scripts/setup.ts. */
export async function ensureLintTools(): Promise<void> {
  ensurePythonTools();
  ensureSchemas();
  await ensureLintGoTools();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  ensureLintTools().catch((error: Error) => {
    console.error(`error: ${error.message}`);
    process.exit(1);
  });
}
