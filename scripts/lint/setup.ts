// Installs everything `npm run lint` needs that npm does not: kubeconform, kube-score,
// chart-testing and actionlint (built from the Go module proxy), kubeconform's schemas (made from
// the Kubernetes OpenAPI spec), yamllint and yamale (from PyPI, into a venv at .tools/python-lint;
// ct calls them by name, so the lint puts that venv's bin/ on ct's PATH), check-jsonschema (its
// own venv, .tools/python-check-jsonschema) and Renovate's config validator (from npm, into
// .tools/renovate-<version>). Reuses whatever is there.
import { isEntry, runMain } from "../entry.ts";
import { ensureVenv, lintVenv, workflowSchemaVenv } from "../python-venv.ts";
import { ensureRenovate } from "./renovate-tool.ts";
import { ensureSchemas } from "./schemas.ts";
import { ensureLintGoTools } from "./tools.ts";

/** Builds or installs every tool the lint needs that is missing; call it from scripts/setup.ts. */
export async function ensureLintTools(): Promise<void> {
  ensureVenv(lintVenv);
  ensureVenv(workflowSchemaVenv);
  ensureSchemas();
  ensureRenovate();
  await ensureLintGoTools();
}

if (isEntry(import.meta.url)) {
  runMain(ensureLintTools);
}
