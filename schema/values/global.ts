// `global`: the settings a parent chart shares with its subcharts.
import * as pattern from "../patterns.ts";
import { openObject, text } from "./builders.ts";
import { pullSecrets } from "./image.ts";
import { podHatches } from "./pod-hatches.ts";

export const globalValues = openObject(
  "settings shared with parent charts (a parent's other global keys are accepted)",
  {
    imageRegistry: text("registry for every image, overriding each image's own", "", pattern.imageRegistry),
    imagePullSecrets: pullSecrets(
      "Secrets used to pull every image, as names or {name: …} (each component may add its own)",
    ),
    clusterDomain: text("the cluster's DNS domain, used in connection strings", "cluster.local", pattern.dnsSubdomain),
    ...podHatches({ global: true, owner: "" }),
  },
);
