// The facts the workflows read from the project: every one a workflow asks for exists (actionlint
// cannot know a script's outputs), the image the workflows build is the one the chart deploys by
// default, and the tool folders are where the pinned tools are built.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { workflowFacts } from "../../scripts/ci/workflow-facts.ts";
import { projectRoot } from "../../scripts/project-root.ts";

const facts = workflowFacts();
const workflowsDir = join(projectRoot, ".github", "workflows");
const workflows = readdirSync(workflowsDir).filter((name) => name.endsWith(".yml"));

describe("the workflows' facts", () => {
  it.each(workflows)("%s asks only for facts the script prints", (name) => {
    const text = readFileSync(join(workflowsDir, name), "utf8");
    const asked = [...text.matchAll(/\b(?:steps|needs)\.facts\.outputs\.([\w-]+)/g)].map((match) => match[1]);
    expect(asked.length).toBeGreaterThan(0);
    expect(asked.filter((fact) => !(fact in facts))).toEqual([]);
  });

  it("name the application image as the chart's default values and appVersion do", () => {
    const values = parse(readFileSync(join(projectRoot, "chart", "values.yaml"), "utf8")) as {
      image: { registry: string; repository: string; tag: string; digest: string };
    };
    const chart = parse(readFileSync(join(projectRoot, "chart", "Chart.yaml"), "utf8")) as {
      version: string;
      appVersion: string;
    };
    // An empty tag and digest: the chart deploys its appVersion.
    expect([values.image.tag, values.image.digest]).toEqual(["", ""]);
    expect(facts.image).toBe(`${values.image.registry}/${values.image.repository}:${chart.appVersion}`);
    expect(facts["image-repository"]).toBe(`${values.image.registry}/${values.image.repository}`);
    expect(facts.version).toBe(chart.version);
  });

  it("point at the pinned tools as the lint's setup builds them", () => {
    for (const [fact, binary] of [
      ["helm3-dir", "helm"],
      ["helm4-dir", "helm"],
      ["ct-dir", "ct"],
      ["cosign-dir", "cosign"],
      ["yamllint-dir", "yamllint"],
    ]) {
      const path = join(projectRoot, facts[fact], binary);
      expect(existsSync(path), `${path} (run \`npx tsx scripts/lint/setup.ts\` and \`npm run tools\`)`).toBe(true);
    }
  });

  it("print as name=value lines for $GITHUB_OUTPUT, one value per line", () => {
    for (const [name, value] of Object.entries(facts)) {
      expect(name).toMatch(/^[a-z][a-z0-9-]*$/);
      expect(value).toMatch(/^\S+$/);
    }
  });
});
