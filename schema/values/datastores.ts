// The block of each bundled datastore (postgres, redis, rabbitmq, chroma).
import { type TProperties, Type } from "@sinclair/typebox";
import { component } from "../components.ts";
import * as pattern from "../patterns.ts";
import { flag, oneOf, strict, stringMap, text } from "./builders.ts";
import { image } from "./image.ts";
import { deploymentStrategy } from "./scaling.ts";
import { service } from "./service.ts";
import { shared } from "./shared.ts";
import { workload } from "./workload.ts";

export function datastoreValues(name: string) {
  const definition = component(name);
  const auth = definition.auth;
  const { data, image: imageDefault } = definition;
  if (!data || !imageDefault) throw new Error(`${name} is a datastore without its own image and data directory`);
  const authProperties: TProperties = {};
  if (auth?.defaultUsername) authProperties.username = text("user the application connects as", auth.defaultUsername);
  if (auth?.defaultDatabase)
    authProperties.database = text(
      "database the application uses (letters, digits, _ . -: it goes into the URL as it is)",
      auth.defaultDatabase,
      pattern.databaseName,
    );
  if (auth) {
    authProperties.password = text(
      `password (empty: generated once, then kept across upgrades; ignored with existingSecret, which holds ${auth.passwordKey})`,
      "",
    );
  }
  return strict(`${definition.description}`, {
    enabled: flag(`run ${definition.name} in the release (false: use ${definition.external?.valuesKey} instead)`, true),
    workload: oneOf(
      "Deployment (local development) or StatefulSet (production: volumeClaimTemplates, stable identity)",
      ["Deployment", "StatefulSet"] as const,
      "Deployment",
    ),
    strategy: deploymentStrategy(
      "the Deployment's update strategy (Recreate: never two pods on one data directory)",
      "Recreate",
    ),
    image: image("container image", { ...imageDefault, pullPolicy: "IfNotPresent" }),
    ...workload(definition),
    service: service(definition),
    ...(auth ? { auth: strict("credentials", authProperties) } : {}),
    persistence: shared(
      "persistence",
      strict(`keep ${data.mountPath} in a PersistentVolumeClaim instead of an emptyDir`, {
        enabled: flag("use a PersistentVolumeClaim (an emptyDir loses the data with the pod)", false),
        size: text("requested storage", data.size, pattern.quantity),
        storageClass: text(
          'StorageClass name ("" uses the cluster default, "-" asks for none)',
          "",
          `^(-|${pattern.dnsSubdomain.slice(1, -1)})?$`,
        ),
        accessModes: Type.Array(
          oneOf("access mode", ["ReadWriteOnce", "ReadWriteOncePod", "ReadWriteMany"] as const, "ReadWriteOnce"),
          {
            description: "PVC access modes",
            default: ["ReadWriteOnce"],
            minItems: 1,
          },
        ),
        keepOnUninstall: flag(
          "keep the PVC, and the chart's Secret that holds its password, after helm uninstall",
          true,
        ),
        existingClaim: text("use this existing PVC instead of creating one", "", `^$|${pattern.dnsSubdomain}`),
        annotations: stringMap("extra PVC annotations"),
      }),
    ),
  });
}
