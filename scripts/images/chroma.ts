// chromadb/chroma:0.5.0: the Chroma server 0.5.0 from PyPI (chromadb==0.5.0, with the constraints in
// image/chroma/) on Debian bookworm's Python 3.11, laid out like the official image: packages under
// /usr/local (uvicorn on PATH), /chroma the working directory, /docker_entrypoint.sh starting
// uvicorn. The official image runs as root; the chart runs it as uid 1000 on a read-only root with
// its own uvicorn command, HOME=/tmp and PERSIST_DIRECTORY=/chroma/chroma.
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildRootfs, copyIn, shellQuote } from "./debian.ts";
import { type ImageRecipe, imageDir, imagesCacheDir } from "./recipe.ts";

const version = "0.5.0";
const sitePackages = "/usr/local/lib/python3.11/dist-packages";
/** Only what PyPI held then is considered: chromadb 0.5.0 came out in May 2024 (numpy 2.0 in mid-June). */
const resolvedAsOf = "2024-06-01T00:00:00Z";
const pipForResolving = "pip==26.3";
const files = imageDir("chroma");

/** pip inside the root filesystem uses the host's CA bundle and index settings (PyPI is reached as the host reaches it). */
function pipEnvironment(): string {
  const passed = ["PIP_INDEX_URL", "PIP_EXTRA_INDEX_URL", "PIP_TRUSTED_HOST", "http_proxy", "https_proxy", "no_proxy"]
    .filter((name) => process.env[name])
    .map((name) => `${name}=${shellQuote(process.env[name] ?? "")}`);
  return [
    "PATH=/usr/local/bin:/usr/bin:/bin",
    "HOME=/root",
    "PIP_CERT=/tmp/host-ca.crt",
    `PIP_DEFAULT_TIMEOUT=${process.env.PIP_DEFAULT_TIMEOUT ?? "180"}`,
    "PIP_DISABLE_PIP_VERSION_CHECK=1",
    "PIP_NO_CACHE_DIR=1",
    ...passed,
  ].join(" ");
}

export const chroma: ImageRecipe = {
  name: "chroma",
  reference: `chromadb/chroma:${version}`,
  source: fileURLToPath(import.meta.url),
  async build(out, log) {
    const hostCa = process.env.PIP_CERT ?? "/etc/ssl/certs/ca-certificates.crt";
    await buildRootfs(out, {
      suite: "bookworm",
      variant: "essential",
      include: ["python3", "python3-pip", "ca-certificates", "libstdc++6"],
      customize: [
        `cp ${shellQuote(hostCa)} "$1/tmp/host-ca.crt" && cp ${shellQuote(join(files, "constraints.txt"))} "$1/tmp/constraints.txt"`,
        // bookworm's pip 23.0 installs a current pip beside it, for --uploaded-prior-to (pip 26): the
        // dependencies resolve as they did when chromadb 0.5.0 was released, not to today's majors.
        `chroot "$1" env -i ${pipEnvironment()} python3 -m pip install --break-system-packages --target /tmp/pip ${pipForResolving}`,
        `chroot "$1" env -i ${pipEnvironment()} PYTHONPATH=/tmp/pip python3 -m pip install --break-system-packages --no-warn-script-location --uploaded-prior-to=${resolvedAsOf} -c /tmp/constraints.txt chromadb==${version}`,
        // What pip chose, kept beside the cached root filesystem (to pin it in constraints.txt).
        `chroot "$1" python3 -m pip freeze > ${shellQuote(join(imagesCacheDir, "chroma-pip-freeze.txt"))}`,
        // only what the hooks put there: mmdebstrap keeps its own files in /tmp until its cleanup
        'rm -rf "$1/tmp/pip" "$1/tmp/host-ca.crt" "$1/tmp/constraints.txt" "$1/root/.cache"',
        `test -f "$1${sitePackages}/chromadb/log_config.yml"`,
        'install -d -m 0755 "$1/chroma"',
        copyIn([{ from: join(files, "docker_entrypoint.sh"), to: "/docker_entrypoint.sh", mode: "0755" }]),
        `chroot "$1" python3 -c 'import chromadb, uvicorn; print("chromadb", chromadb.__version__)'`,
      ],
      log,
    });
  },
  config: {
    entrypoint: ["/docker_entrypoint.sh"],
    cmd: [
      // biome-ignore lint/suspicious/noTemplateCurlyInString: shell variables docker_entrypoint.sh expands
      "--workers ${CHROMA_WORKERS} --host ${CHROMA_HOST_ADDR} --port ${CHROMA_HOST_PORT} --proxy-headers --log-config ${CHROMA_LOG_CONFIG} --timeout-keep-alive ${CHROMA_TIMEOUT_KEEP_ALIVE}",
    ],
    env: {
      CHROMA_HOST_ADDR: "0.0.0.0",
      CHROMA_HOST_PORT: "8000",
      CHROMA_WORKERS: "1",
      CHROMA_LOG_CONFIG: `${sitePackages}/chromadb/log_config.yml`,
      CHROMA_TIMEOUT_KEEP_ALIVE: "30",
      LANG: "C.UTF-8",
    },
    workingDir: "/chroma",
    exposedPorts: ["8000/tcp"],
    labels: {
      "org.opencontainers.image.title": "chroma",
      "org.opencontainers.image.version": version,
      "org.opencontainers.image.description": `Chroma ${version} (chromadb from PyPI) on Debian bookworm's Python 3.11`,
    },
  },
};
