// Chart.yaml's facts. Bump `version` for every change to the chart users can see.

/**
 * The Kubernetes releases the chart supports and is checked against: the oldest and newest minor,
 * each at the latest patch the Go module proxy serves (the test control plane runs the newest;
 * kubeconform's schemas are made for both). Everything else that names a Kubernetes version
 * derives it from here.
 */
export const kubernetesRange = { oldest: "1.32.13", newest: "1.36.3" } as const;

/** `1.36.3` → `1.36`. */
export const minorOf = (version: string) => version.split(".").slice(0, 2).join(".");

/**
 * Where the project lives and what it publishes. The GitHub owner is the one place a fork
 * changes: the release workflow pushes the chart to `oci://ghcr.io/<owner>/charts/cryptoflow` and
 * the application image to `ghcr.io/<owner>/cryptoflow`, and the chart's metadata links here.
 */
export const project = {
  owner: "cryptoflow-chart",
  name: "cryptoflow-chart",
  /** Where Artifact Hub and users reach the maintainers. */
  contact: "cryptoflow-chart@users.noreply.github.com",
  /** Artifact Hub's ID for the repository, given when it is added there; empty until then. */
  artifactHubRepositoryID: "",
  /** The chart's license (LICENSE), the application's too. */
  license: "Apache-2.0",
  /** The application the image is built from, at the commit the chart is checked against. */
  application: { repository: "https://github.com/pabloarancibia/cryptoflow", commit: "6b9dbc9" },
} as const;

export const projectHome = `https://github.com/${project.owner}/${project.name}`;
/** A file of the repository's main branch, as a URL Artifact Hub and editors can fetch. */
export const projectFileUrl = (path: string) =>
  `https://raw.githubusercontent.com/${project.owner}/${project.name}/main/${path}`;

/** The chart's published OCI reference, as users give it to `helm install`. */
export const chartReference = `oci://ghcr.io/${project.owner}/charts/cryptoflow`;

/**
 * The CryptoFlow application image the release workflow builds from the application's source
 * with image/cryptoflow/ and publishes; its tag is the chart's appVersion.
 */
export const applicationImage = { registry: "ghcr.io", repository: `${project.owner}/cryptoflow` } as const;

/**
 * The GPG key that signs the chart's provenance file (.prov) at release: its public half is
 * docs/release-signing-key.asc; the private half is the release workflow's CHART_SIGNING_KEY secret.
 */
export const provenanceKey = {
  fingerprint: "410869420554343EA46C7D59CA380F0001D1BC52",
  file: "docs/release-signing-key.asc",
};

export const chartMetadata = {
  name: "cryptoflow",
  version: "0.8.1",
  /** The CryptoFlow application image tag the chart deploys by default. */
  appVersion: "1.0.0",
  kubeVersion: `>=${minorOf(kubernetesRange.oldest)}.0-0`,
  description:
    "CryptoFlow trading simulation: FastAPI API, Celery worker, MCP server, market-data and order gRPC services, with PostgreSQL, Redis, RabbitMQ and Chroma",
  keywords: ["cryptoflow", "trading", "fastapi", "celery", "grpc", "mcp"],
  maintainers: [{ name: "CryptoFlow chart maintainers", email: project.contact, url: projectHome }],
};
