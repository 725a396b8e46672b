// Handlebars templates that write Helm templates. Both use {{ }}: in our .hbs files a Helm
// action is always written with a space, dash or comment after its braces (`{{ .Values.x }}`,
// `{{- if … }}`, `{{/* … */}}`), and a Handlebars expression never is (`{{name}}`, `{{#each}}`).
// This one function escapes the Helm actions before Handlebars compiles the file, so neither
// syntax is escaped by hand anywhere.
import { readFileSync } from "node:fs";
import Handlebars from "handlebars";

const helmAction = /\{\{(?=[\s-]|\/\*)/g;

export function compileTemplate(path: string): (data: object) => string {
  const source = readFileSync(path, "utf8").replace(helmAction, "\\{{");
  return Handlebars.compile(source, { noEscape: true, strict: true });
}
