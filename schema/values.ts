// The values contract: one TypeBox definition gives both the TypeScript type of the chart's
// values (`Values`) and values.schema.json. Defaults live beside each key's description, and
// come from the component definitions, so values.yaml, the schema and the templates agree.
// This file is the table of contents, in values.yaml's order; each block is built in values/.
// Descriptions are written without their key: the object builders put `key: ` before each.
import type { Static } from "@sinclair/typebox";
import { applicationImage } from "./chart.ts";
import { applications, component, passwordKeys } from "./components.ts";
import { aiKeys } from "./connections.ts";
import { inWords } from "./in-words.ts";
import * as pattern from "./patterns.ts";
import { applicationValues } from "./values/applications.ts";
import { flag, oneOf, strict, stringMap, text } from "./values/builders.ts";
import { datastoreValues } from "./values/datastores.ts";
import { externalValues } from "./values/external.ts";
import { globalValues } from "./values/global.ts";
import { image } from "./values/image.ts";
import { migrationsValues, testsValues } from "./values/jobs.ts";
import { networkPolicyValues } from "./values/network-policy.ts";
import { objectValues } from "./values/objects.ts";

export { chartLabelKeys } from "./values/objects.ts";

export const profiles = ["local", "ci", "staging", "production"] as const;

export const valuesSchema = strict("Values of the CryptoFlow chart", {
  profile: oneOf("the environment these values are for; production refuses generated passwords", profiles, "local"),
  global: globalValues,
  enabled: flag(
    "read by a parent chart's `condition: cryptoflow.enabled`, which leaves the whole chart out when false; on its own the chart refuses false (use helm uninstall)",
    true,
  ),
  ...objectValues,
  image: image(`the CryptoFlow application image, shared by ${inWords(applications.map(({ name }) => name))}`, {
    registry: applicationImage.registry,
    repository: applicationImage.repository,
    tag: "",
    pullPolicy: "IfNotPresent",
  }),
  existingSecret: text(
    `a Secret you manage (sealed-secrets, External Secrets…) holding the passwords ${inWords(passwordKeys)} as they are, and optionally the AI keys (see README); the chart then renders none, and the pods build their URLs from it`,
    "",
    `^$|${pattern.dnsSubdomain}`,
  ),
  ai: strict(
    "optional AI credentials, stored in the chart's Secret; empty turns the feature off",
    Object.fromEntries(aiKeys.map((key) => [key.valuesKey, text(`${key.description} (${key.env})`, "")])),
  ),
  serviceAccount: strict("the identity of every pod (its API token is never mounted)", {
    create: flag("create the ServiceAccount", true),
    name: text("its name (empty: the chart's base name)", "", `^$|${pattern.dnsSubdomain}`),
    annotations: stringMap("extra ServiceAccount annotations"),
  }),
  networkPolicy: networkPolicyValues,
  tests: testsValues,
  migrations: migrationsValues,
  externalDatabase: externalValues(component("postgres")),
  externalRedis: externalValues(component("redis")),
  externalRabbitmq: externalValues(component("rabbitmq")),
  externalChroma: externalValues(component("chroma")),
  api: applicationValues("api"),
  worker: applicationValues("worker"),
  mcp: applicationValues("mcp"),
  marketData: applicationValues("market-data"),
  orderService: applicationValues("order-service"),
  postgres: datastoreValues("postgres"),
  redis: datastoreValues("redis"),
  rabbitmq: datastoreValues("rabbitmq"),
  chroma: datastoreValues("chroma"),
});

export type Values = Static<typeof valuesSchema>;
