// GitOps tools (Argo CD, Flux's drift detection) compare `helm template` output between syncs:
// with every credential supplied, the chart must render the same bytes each time, for every
// shipped profile. Renders here bypass render()'s cache, so each is a fresh helm run.
import { afterAll, describe, expect, it } from "vitest";
import { chartProfiles, profileValues } from "../../scripts/chart/folder.ts";
import { helmTemplate, type RenderOptions } from "../../scripts/chart/helm-template.ts";
import { helms, valuesFiles } from "../render.ts";

const files = valuesFiles("deterministic");
afterAll(files.remove);

/** Passwords with characters a URL must encode, given in values. */
const passwordsInValues = {
  postgres: { auth: { password: "pg %41 @/#?" } },
  redis: { auth: { password: "rd :&=+" } },
  rabbitmq: { auth: { password: "mq %2F @" } },
};

function credentialWays(profile: string): [string, object][] {
  const ways: [string, object][] = [["existingSecret", { existingSecret: "cryptoflow-credentials" }]];
  // The production profile names its existingSecret already and refuses passwords beside it.
  if (profile !== "production") ways.push(["passwords in values", passwordsInValues]);
  return ways;
}

async function template(helm: (typeof helms)[number], options: RenderOptions): Promise<string> {
  return (await helmTemplate(helm, options)).text;
}

describe.each(helms)("renders with helm $version", (helm) => {
  for (const profile of chartProfiles()) {
    it.each(credentialWays(profile.name))(
      `are byte-identical for the ${profile.name} profile with %s`,
      async (_, values) => {
        const options = { values: [...profileValues(profile), files.write(values)] };
        const first = await template(helm, options);
        const second = await template(helm, options);
        expect(first.length).toBeGreaterThan(10_000);
        expect(second).toBe(first);
      },
    );
  }

  it("differ without supplied passwords, which is why GitOps users must supply them", async () => {
    expect(await template(helm, {})).not.toBe(await template(helm, {}));
  });

  it("hold no password with existingSecret: no Secret object, and URLs only with placeholders", async () => {
    const rendered = await template(helm, { set: { existingSecret: "cryptoflow-credentials" } });
    expect(rendered).not.toMatch(/^kind: Secret$/m);
    const urls = rendered.match(/(postgresql\+asyncpg|redis|amqp):\/\/[^"\s]*/g) ?? [];
    expect(urls.length).toBeGreaterThan(4);
    for (const url of urls) expect(url).toMatch(/:\$\{(POSTGRES|REDIS|RABBITMQ)_PASSWORD\}@/);
  });
});
