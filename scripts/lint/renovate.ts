// The `renovate` lint: the pinned renovate-config-validator, --strict, on .github/renovate.json5
// (or a copy, for the planted-defect tests). Renovate logs JSON lines; each error, warning or
// needed migration becomes a finding on the file.
import { join, relative } from "node:path";
import { execa } from "execa";
import { projectRoot } from "../project-root.ts";
import type { Finding, ToolResult } from "./findings.ts";
import { installedValidator, renovateTool } from "./renovate-tool.ts";

export const renovateConfig = ".github/renovate.json5";

interface LogLine {
  level: number;
  msg: string;
  errors?: { topic?: string; message: string }[];
  warnings?: { topic?: string; message: string }[];
  err?: { message?: string };
  oldConfig?: unknown;
  newConfig?: unknown;
}

const docs = "https://docs.renovatebot.com/configuration-options/";

/** Where in the config the message points, when it names an option path. */
const optionIn = (message: string) => message.match(/(?:option:? |for )`?([\w.[\]]+)`?/)?.[1] ?? "file";

/** Every leaf's path: `customManagers[0].fileMatch`. */
function leafPaths(value: unknown, path = ""): string[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => leafPaths(item, `${path}[${index}]`));
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([key, item]) => leafPaths(item, path ? `${path}.${key}` : key));
  }
  return [path];
}

/** The option paths a migration drops and adds (array indices left out, so moved items do not count). */
function migrated(oldConfig: unknown, newConfig: unknown): { dropped: string[]; added: string[] } {
  const options = (config: unknown) => new Set(leafPaths(config).map((path) => path.replace(/\[\d+\]$/, "")));
  const [before, after] = [options(oldConfig), options(newConfig)];
  return {
    dropped: [...before].filter((path) => !after.has(path)),
    added: [...after].filter((path) => !before.has(path)),
  };
}

export async function renovateCheck(configFile = join(projectRoot, renovateConfig)): Promise<ToolResult> {
  const object = relative(projectRoot, configFile).startsWith("..") ? configFile : relative(projectRoot, configFile);
  const result = await execa(process.execPath, [installedValidator(), "--strict", "--no-global", configFile], {
    cwd: projectRoot,
    reject: false,
    // JSON lines to parse; no RENOVATE_* of the caller's changes what is checked.
    env: { LOG_FORMAT: "json", LOG_LEVEL: "info", PATH: process.env.PATH ?? "" },
    extendEnv: false,
  });
  const lines: LogLine[] = String(result.stdout)
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as LogLine);
  const findings: Finding[] = [];
  const notes: string[] = [];
  const add = (rule: string, field: string, message: string) =>
    findings.push({ tool: "renovate", rule, object, field, message });
  for (const line of lines) {
    if (line.msg.startsWith("RE2 not usable")) {
      notes.push(
        "renovate: RE2 is not built (installed with --ignore-scripts), so regexes were checked with JavaScript's RegExp; keep them RE2-compatible (no lookaround or backreferences)",
      );
    } else if (line.msg === "Found errors in configuration") {
      for (const error of line.errors ?? []) {
        add("config-error", optionIn(error.message), `${error.message}: fix it (${docs})`);
      }
      for (const warning of line.warnings ?? []) {
        add("config-warning", optionIn(warning.message), `${warning.message}: fix it (${docs})`);
      }
    } else if (line.msg === "Config migration necessary") {
      const { dropped, added } = migrated(line.oldConfig, line.newConfig);
      add(
        "migration",
        dropped.join(", ") || "file",
        `an old form: Renovate ${renovateTool.version} migrates it to ${added.join(", ") || "a new form"}: write that (\`renovate-config-validator --strict --no-global ${object}\` prints the diff)`,
      );
    } else if (line.msg === "File does not exist") {
      add("missing", "file", "no Renovate config here: restore it (Renovate reads .github/renovate.json5)");
    } else if (line.level >= 40 && /^File (could not be parsed|is not valid Renovate config)/.test(line.msg)) {
      add("parse", "file", `${line.msg}${line.err?.message ? `: ${line.err.message}` : ""}: write valid JSON5`);
    }
  }
  if (result.exitCode !== 0 && findings.length === 0) {
    add(
      "validator",
      "file",
      `renovate-config-validator exited ${result.exitCode}: ${String(result.stderr || result.stdout).trim()}`,
    );
  }
  return { tool: "renovate", checks: 1, findings, notes };
}
