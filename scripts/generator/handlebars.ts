// Handlebars templates that write Helm templates. Both use {{ }}: in our .hbs files a Helm
// action is always written with a space, dash or comment after its braces (`{{ .Values.x }}`,
// `{{- if … }}`, `{{/* … */}}`), and a Handlebars expression never is (`{{name}}`, `{{#each}}`).
// This one function escapes the Helm actions before Handlebars compiles the file, so neither
// syntax is escaped by hand anywhere. Partials (scripts/templates/partials/*.hbs) are read the
// same way and indented where they are called.
import { readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import Handlebars from "handlebars";

const helmAction = /\{\{(?=[\s-]|\/\*)/g;

const escapedSource = (path: string) => readFileSync(path, "utf8").replace(helmAction, "\\{{");

/** Registers every partial in `dir` under its file name in camelCase (container-env.hbs → containerEnv). */
export function registerPartials(dir: string): void {
  for (const file of readdirSync(dir).filter((name) => name.endsWith(".hbs"))) {
    const name = basename(file, ".hbs").replace(/-(\w)/g, (_, letter: string) => letter.toUpperCase());
    Handlebars.registerPartial(name, escapedSource(join(dir, file)));
  }
}

export function compileTemplate(path: string): (data: object) => string {
  return Handlebars.compile(escapedSource(path), { noEscape: true, strict: true });
}
