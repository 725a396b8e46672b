import type { Profile } from "./profile.ts";

const keptVolume = { persistence: { enabled: true, keepOnUninstall: true } };

export const staging: Profile = {
  name: "staging",
  description:
    "A shared staging cluster: the datastores keep their data on PersistentVolumeClaims (kept on uninstall, with their Secret), the API is published through an Ingress with TLS.",
  values: {
    profile: "staging",
    postgres: keptVolume,
    redis: keptVolume,
    rabbitmq: keptVolume,
    chroma: keptVolume,
    api: {
      replicaCount: 2,
      service: { type: "ClusterIP" },
      ingress: {
        enabled: true,
        host: "cryptoflow.staging.example.com",
        annotations: { "cert-manager.io/cluster-issuer": "letsencrypt-staging" },
        tls: { enabled: true, secretName: "cryptoflow-staging-tls" },
      },
      topologySpread: { enabled: true },
    },
  },
};
