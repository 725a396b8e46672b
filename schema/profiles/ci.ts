import type { Profile } from "./profile.ts";

export const ci: Profile = {
  name: "ci",
  description:
    "A throwaway kind cluster in CI: one replica of everything, small requests, no volumes; NetworkPolicies on so the tests exercise them.",
  values: {
    profile: "ci",
    api: {
      replicaCount: 1,
      resources: { requests: { cpu: "50m", memory: "128Mi" }, limits: { cpu: "500m", memory: "512Mi" } },
    },
    worker: { resources: { requests: { cpu: "50m", memory: "128Mi" }, limits: { cpu: "500m", memory: "512Mi" } } },
    networkPolicy: { enabled: true },
  },
};
