// The chart-wide NetworkPolicy settings.
import { Type } from "@sinclair/typebox";
import * as pattern from "../patterns.ts";
import { flag, oneOf, passThrough, portNumber, strict } from "./builders.ts";

export const networkPolicyValues = strict(
  "default-deny NetworkPolicies that allow exactly the connections of the dependency graph (needs a CNI that enforces them: kind >= 0.24, Calico, Cilium)",
  {
    enabled: flag("render the NetworkPolicies", true),
    apiIngressFrom: Type.Array(passThrough("a NetworkPolicyPeer"), {
      description:
        "NetworkPolicyPeers allowed to reach the API; empty allows every source (NodePort traffic arrives from outside the namespace)",
      default: [],
    }),
    mcpClientsFrom: Type.Array(passThrough("a NetworkPolicyPeer"), {
      description:
        "NetworkPolicyPeers allowed to reach the MCP server (MCP clients such as agents or IDE bridges); by default pods of the release namespace labelled cryptoflow.io/mcp-client=true; empty allows every source",
      default: [{ podSelector: { matchLabels: { "cryptoflow.io/mcp-client": "true" } } }],
    }),
    aiProviders: strict(
      "HTTPS from the MCP server to the AI providers (and Hugging Face, where its embedding model comes from), outside the cluster",
      {
        allow: oneOf(
          "whenKeySet (an ai.* key is set in values), always (the keys are in existingSecret), or never",
          ["whenKeySet", "always", "never"] as const,
          "whenKeySet",
        ),
        ipBlocks: Type.Array(
          strict("an address block", {
            cidr: Type.String({ description: "the block", pattern: pattern.cidr }),
            except: Type.Array(Type.String({ pattern: pattern.cidr }), {
              description: "parts of the block not allowed",
              default: [],
            }),
          }),
          {
            description:
              "where the providers may be; the default is every IPv4 address outside the private ranges a cluster uses",
            default: [{ cidr: "0.0.0.0/0", except: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"] }],
            minItems: 1,
          },
        ),
        port: portNumber("the providers' HTTPS port", 443),
      },
    ),
    dns: strict("where the cluster DNS runs; every pod may query it on port 53 (UDP and TCP)", {
      namespaceSelector: passThrough("the DNS namespace", {
        matchLabels: { "kubernetes.io/metadata.name": "kube-system" },
      }),
      podSelector: passThrough("the DNS pods", { matchLabels: { "k8s-app": "kube-dns" } }),
    }),
  },
);
