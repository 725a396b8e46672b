// Editor support: values.yaml, every profile and ct's CI values start with the yaml-language-server
// modeline, and the schema each names, resolved from the file's folder as an editor does, is the
// chart's values.schema.json and accepts the file.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { chartDir, chartProfiles, profileValues } from "../../scripts/chart/folder.ts";

const valuesFilesOf = (folder: string) =>
  readdirSync(join(chartDir, folder))
    .filter((name) => name.endsWith(".yaml"))
    .map((name) => join(folder, name));
const profileFiles = chartProfiles()
  .flatMap(profileValues)
  .map((file) => relative(chartDir, file));
const files = ["values.yaml", ...profileFiles, ...valuesFilesOf("ci")];
const modeline = /^# yaml-language-server: \$schema=(\S+)\n/;

function schemaNamedBy(file: string): string {
  const text = readFileSync(join(chartDir, file), "utf8");
  const named = text.match(modeline)?.[1];
  if (!named) throw new Error(`${file} does not start with a yaml-language-server modeline`);
  return resolve(dirname(join(chartDir, file)), named);
}

describe("the values files' schema modelines", () => {
  it("cover values.yaml, four profiles and ct's values", () => {
    expect(files).toEqual(expect.arrayContaining(["values.yaml", "profiles/production.yaml", "ci/ci-values.yaml"]));
    expect(files.length).toBeGreaterThanOrEqual(6);
  });

  it.each(files)("%s names the chart's values.schema.json on its first line", (file) => {
    expect(relative(chartDir, schemaNamedBy(file))).toBe("values.schema.json");
  });

  it.each(files)("%s is valid against the schema its modeline names", (file) => {
    const schema = JSON.parse(readFileSync(schemaNamedBy(file), "utf8"));
    const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
    const values = parse(readFileSync(join(chartDir, file), "utf8")) ?? {};
    expect(validate(values), JSON.stringify(validate.errors, null, 2)).toBe(true);
  });

  it("would catch a profile that breaks the schema", () => {
    const schema = JSON.parse(readFileSync(join(chartDir, "values.schema.json"), "utf8"));
    const validate = new Ajv({ strict: false }).compile(schema);
    expect(validate({ api: { replicaCount: "three" } })).toBe(false);
    expect(validate.errors?.[0]?.instancePath).toBe("/api/replicaCount");
  });
});
