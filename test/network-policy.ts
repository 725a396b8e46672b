// Evaluates rendered NetworkPolicies by the rules of the NetworkPolicy API, so tests can ask
// "may A connect to B on port P?" for every pair. Covers what the chart uses: pod and namespace
// selectors (matchLabels and matchExpressions), ipBlock peers (`cidr` minus `except`, compared
// with the address of an endpoint outside the cluster), numeric and named ports, and the policy
// types that make a selected pod default-deny. It is a model: what a CNI really enforces is
// observed only on a cluster whose network plugin enforces policies.
import type {
  V1LabelSelector,
  V1NetworkPolicy,
  V1NetworkPolicyIngressRule,
  V1NetworkPolicyPeer,
  V1NetworkPolicyPort,
} from "@kubernetes/client-node";
import { selectorMatches } from "../scripts/lint/integrity-targets.ts";
import { inCidr } from "./cidr.ts";

export interface Endpoint {
  name: string;
  /** Null for an address outside the cluster (a managed database, a user, the internet). */
  namespace: string | null;
  /** The IP address of an endpoint outside the cluster, which ipBlock peers are compared with. */
  address?: string;
  namespaceLabels: Record<string, string>;
  labels: Record<string, string>;
  ports: { name?: string; port: number; protocol: string }[];
}

/** NetworkPolicy selectors: an absent one selects everything (a missing target selector does not). */
const matchesSelector = (selector: V1LabelSelector | undefined, labels: Record<string, string>) =>
  selectorMatches(selector ?? {}, labels);

function peerMatches(peer: V1NetworkPolicyPeer, policyNamespace: string, endpoint: Endpoint): boolean {
  if (peer.ipBlock) {
    const { cidr, except = [] } = peer.ipBlock;
    if (endpoint.namespace !== null || endpoint.address === undefined) return false;
    return inCidr(endpoint.address, cidr) && !except.some((excluded) => inCidr(endpoint.address as string, excluded));
  }
  if (endpoint.namespace === null) return false;
  const namespaceOk = peer.namespaceSelector
    ? matchesSelector(peer.namespaceSelector, endpoint.namespaceLabels)
    : endpoint.namespace === policyNamespace;
  return namespaceOk && matchesSelector(peer.podSelector, endpoint.labels);
}

function portMatches(ports: V1NetworkPolicyPort[] | undefined, destination: Endpoint, port: number, protocol: string) {
  if (!ports || ports.length === 0) return true;
  return ports.some((candidate) => {
    if ((candidate.protocol ?? "TCP") !== protocol) return false;
    if (candidate.port === undefined) return true;
    if (typeof candidate.port === "number") {
      return candidate.endPort ? port >= candidate.port && port <= candidate.endPort : port === candidate.port;
    }
    return destination.ports.some((declared) => declared.name === candidate.port && declared.port === port);
  });
}

/** Rendered YAML spells the field `from`; the client library's model calls it `_from`. */
const sourcesOf = (rule: V1NetworkPolicyIngressRule) => (rule as { from?: V1NetworkPolicyPeer[] }).from;

/** An absent or empty peer list admits everyone. */
const matchesPeers = (peers: V1NetworkPolicyPeer[] | undefined, policy: V1NetworkPolicy, endpoint: Endpoint) =>
  !peers || peers.length === 0 || peers.some((peer) => peerMatches(peer, policy.metadata?.namespace ?? "", endpoint));

const selects = (policy: V1NetworkPolicy, endpoint: Endpoint) =>
  endpoint.namespace !== null &&
  policy.metadata?.namespace === endpoint.namespace &&
  matchesSelector(policy.spec?.podSelector, endpoint.labels);

const policyTypes = (policy: V1NetworkPolicy) =>
  policy.spec?.policyTypes ?? (policy.spec?.egress ? ["Ingress", "Egress"] : ["Ingress"]);

/** Whether `source` may open a connection to `destination` on `port`/`protocol` under `policies`. */
export function allowed(
  policies: V1NetworkPolicy[],
  source: Endpoint,
  destination: Endpoint,
  port: number,
  protocol = "TCP",
): boolean {
  const egress = policies.filter((policy) => selects(policy, source) && policyTypes(policy).includes("Egress"));
  const egressOk =
    egress.length === 0 ||
    egress.some((policy) =>
      (policy.spec?.egress ?? []).some(
        (rule) => matchesPeers(rule.to, policy, destination) && portMatches(rule.ports, destination, port, protocol),
      ),
    );
  const ingress = policies.filter((policy) => selects(policy, destination) && policyTypes(policy).includes("Ingress"));
  const ingressOk =
    ingress.length === 0 ||
    ingress.some((policy) =>
      (policy.spec?.ingress ?? []).some(
        (rule) => matchesPeers(sourcesOf(rule), policy, source) && portMatches(rule.ports, destination, port, protocol),
      ),
    );
  return egressOk && ingressOk;
}
