// `global`: the settings a parent chart shares with its subcharts.
import { Type } from "@sinclair/typebox";
import * as pattern from "../patterns.ts";
import { text } from "./builders.ts";
import { pullSecrets } from "./image.ts";
import { podHatches } from "./pod-hatches.ts";

export const globalValues = Type.Object(
  {
    imageRegistry: text(
      "imageRegistry: registry for every image, overriding each image's own",
      "",
      pattern.imageRegistry,
    ),
    imagePullSecrets: pullSecrets(
      "imagePullSecrets: Secrets used to pull every image, as names or {name: …} (each component may add its own)",
    ),
    clusterDomain: text(
      "clusterDomain: the cluster's DNS domain, used in connection strings",
      "cluster.local",
      pattern.dnsSubdomain,
    ),
    ...podHatches({ global: true, owner: "" }),
  },
  {
    description: "global: settings shared with parent charts (a parent's other global keys are accepted)",
    additionalProperties: true,
  },
);
