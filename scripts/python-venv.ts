// Python packages the project uses, each set in its own venv under .tools/, installed from PyPI
// with pinned versions: yamllint and yamale for ct, check-jsonschema for the workflows, and the
// application's own URL parsers for the tests that decode what the chart renders.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { toolsDir } from "./tools.ts";

export interface PythonVenv {
  /** Folder name under .tools/. */
  name: string;
  packages: string[];
  /** Why the project needs it, for the message when python3 is missing. */
  purpose: string;
}

export const venvDir = (venv: PythonVenv) => join(toolsDir, venv.name);
export const venvPython = (venv: PythonVenv) => join(venvDir(venv), "bin", "python");

/** The packages the venv was made with, so a changed pin makes a new one. */
const stampFile = (venv: PythonVenv) => join(venvDir(venv), "packages.txt");

export function ensureVenv(venv: PythonVenv): void {
  const wanted = `${venv.packages.join("\n")}\n`;
  const stamp = stampFile(venv);
  if (existsSync(stamp) && readFileSync(stamp, "utf8") === wanted) return;
  console.log(`installing ${venv.packages.join(" ")} from PyPI into ${venvDir(venv)}`);
  try {
    execFileSync("python3", ["-m", "venv", "--clear", venvDir(venv)], { stdio: "inherit" });
  } catch {
    throw new Error(`python3 with the venv module is needed for ${venv.purpose}: apt-get install python3-venv`);
  }
  execFileSync(
    join(venvDir(venv), "bin", "pip"),
    ["install", "--quiet", "--disable-pip-version-check", ...venv.packages],
    {
      stdio: "inherit",
    },
  );
  writeFileSync(stamp, wanted);
}

/** yamllint and yamale, which ct calls by name (the lint puts this venv's bin/ on ct's PATH). */
export const lintVenv: PythonVenv = {
  name: "python-lint",
  packages: ["yamllint==1.38.0", "yamale==6.1.0"],
  purpose: "ct's yamllint and yamale",
};

/** check-jsonschema, which checks .github/workflows/ against its vendored copy of the workflow schema (offline). */
export const workflowSchemaVenv: PythonVenv = {
  name: "python-check-jsonschema",
  packages: ["check-jsonschema==0.39.0"],
  purpose: "the lint's schema check of .github/workflows/",
};

/**
 * The libraries that parse the application's URLs, at the application's pins (requirements.txt of
 * CryptoFlow 6b9dbc9); yarl, which aio_pika parses URLs with, is not pinned there.
 */
export const urlParsersVenv: PythonVenv = {
  name: "python-url-parsers",
  packages: ["SQLAlchemy==2.0.44", "redis==7.1.0", "kombu==5.6.1", "alembic==1.17.2", "yarl==1.25.1"],
  purpose: "the tests that decode connection URLs with the application's parsers",
};
