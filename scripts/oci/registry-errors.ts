// Turns helm's (and oras's) registry errors (which differ between Helm 3 and 4 and between registries) into
// the four one-line reasons a publisher can act on.
import type { HelmResult } from "./helm-cli.ts";
import { helmError } from "./helm-cli.ts";

export type RegistryFailure = "unreachable" | "unauthorized" | "not-found" | "other";

// Order matters: "basic credential not found" is an auth failure, not a missing chart.
const patterns: [RegistryFailure, RegExp][] = [
  [
    "unreachable",
    /connection refused|no such host|i\/o timeout|network is unreachable|connection reset|HTTP response to HTTPS client|downgrades scheme|tls: /i,
  ],
  ["unauthorized", /\b401\b|unauthorized|authentication required|credential not found|\b403\b|forbidden|denied/i],
  ["not-found", /\b404\b|: not found|name unknown|manifest unknown/i],
];

export function classify(result: HelmResult): RegistryFailure {
  const text = `${result.stderr}\n${result.stdout}`;
  return patterns.find(([, pattern]) => pattern.test(text))?.[0] ?? "other";
}

/** One line that says what failed and what to do. */
export function failureMessage(failure: RegistryFailure, registry: string, result: HelmResult, tool = "helm"): string {
  switch (failure) {
    case "unreachable":
      return `registry unreachable: could not talk to ${registry} (${helmError(result)}); check the address, and use --plain-http for a registry without TLS`;
    case "unauthorized":
      return `authentication refused by ${registry}: set HELM_REGISTRY_USERNAME and HELM_REGISTRY_PASSWORD, or run \`helm registry login ${registry}\``;
    default:
      return `${tool} failed against ${registry}: ${helmError(result)}`;
  }
}
