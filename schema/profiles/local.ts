import type { Profile } from "./profile.ts";

export const local: Profile = {
  name: "local",
  description:
    "Local development on minikube or kind: the chart's defaults. Deployments, data in emptyDirs, API on NodePort 30000.",
  values: { profile: "local" },
};
