// The pinned Renovate whose renovate-config-validator `npm run lint` runs on .github/renovate.json5.
// Installed with npm into a prefix of its own under .tools/ (it is ~360 MB with ~600 packages, too
// big for a devDependency), once per machine into the user cache and copied from there.
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { toolsDir, userCacheDir } from "../tools.ts";

/** Renovate's version; .github/renovate.json5 keeps it up to date like any other pin. */
export const renovateTool = { name: "renovate", version: "44.121.2" } as const;

const folder = `${renovateTool.name}-${renovateTool.version}`;
export const renovateDir = join(toolsDir, folder);
const cachedDir = join(userCacheDir, folder);
/** Written last, so an interrupted install is redone rather than trusted. */
const stampName = "installed-version.txt";

/** The validator's script, run with this process's Node.js (Renovate needs Node.js 24). */
export const configValidator = join(renovateDir, "node_modules", "renovate", "dist", "config-validator.js");

const installed = (dir: string) =>
  existsSync(join(dir, stampName)) && readFileSync(join(dir, stampName), "utf8") === renovateTool.version;

/**
 * `--ignore-scripts`: the only install scripts are re2's and it fetches a prebuilt binary from
 * GitHub or builds one against Node.js headers; without it Renovate falls back to JavaScript's
 * RegExp, which the lint reports in a note.
 */
function npmInstall(prefix: string): void {
  console.log(`installing renovate@${renovateTool.version} from npm into ${prefix} (about 40 s the first time)`);
  const started = Date.now();
  rmSync(prefix, { recursive: true, force: true });
  mkdirSync(prefix, { recursive: true });
  execFileSync(
    "npm",
    [
      "install",
      "--prefix",
      prefix,
      "--no-audit",
      "--no-fund",
      "--ignore-scripts",
      "--prefer-offline",
      `renovate@${renovateTool.version}`,
    ],
    { stdio: "inherit" },
  );
  const validator = join(prefix, "node_modules", "renovate", "dist", "config-validator.js");
  const version = execFileSync(process.execPath, [validator, "--version"], { encoding: "utf8" }).trim();
  if (version !== renovateTool.version) {
    throw new Error(`renovate-config-validator in ${prefix} says ${version}, expected ${renovateTool.version}`);
  }
  writeFileSync(join(prefix, stampName), renovateTool.version);
  console.log(`installed renovate ${renovateTool.version} in ${Math.round((Date.now() - started) / 1000)}s`);
}

/** Makes sure .tools/renovate-<version> holds the pinned Renovate; a changed pin installs anew. */
export function ensureRenovate(): string {
  if (installed(renovateDir)) return renovateDir;
  if (!installed(cachedDir)) npmInstall(cachedDir);
  rmSync(renovateDir, { recursive: true, force: true });
  cpSync(cachedDir, renovateDir, { recursive: true, verbatimSymlinks: true });
  return renovateDir;
}

/** The validator, or an error that says how to install it (tests fail with this, never skip). */
export function installedValidator(): string {
  if (!installed(renovateDir)) {
    throw new Error(
      `renovate ${renovateTool.version} is not installed in .tools/: run \`npx tsx scripts/lint/setup.ts\` (needs npm)`,
    );
  }
  return configValidator;
}
