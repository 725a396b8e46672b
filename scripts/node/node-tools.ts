// The real node's Go-built tools besides the Kubernetes commands (scripts/cluster/binaries.ts):
// CoreDNS (the cluster DNS), rancher's local-path provisioner (PVCs), crictl (teardown through
// CRI) and kube-router (NetworkPolicy enforcement). Pinned, built from the Go module proxy,
// cached in ~/.cache/cryptoflow-chart like the other tools.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ensureTool, type GoTool, type ToolBuilder } from "../tools.ts";

export const coredns: GoTool = {
  name: "coredns",
  module: "github.com/coredns/coredns",
  installPath: "github.com/coredns/coredns",
  version: "v1.15.0",
  ldflags: () => [],
};

export const localPathProvisioner: GoTool = {
  name: "local-path-provisioner",
  module: "github.com/rancher/local-path-provisioner",
  installPath: "github.com/rancher/local-path-provisioner",
  version: "v0.0.30",
  ldflags: () => ["-X main.VERSION=v0.0.30"],
};

export const crictl: GoTool = {
  name: "crictl",
  module: "sigs.k8s.io/cri-tools",
  installPath: "sigs.k8s.io/cri-tools/cmd/crictl",
  version: "v1.34.0",
  ldflags: () => ["-X sigs.k8s.io/cri-tools/pkg/version.Version=v1.34.0"],
};

/**
 * kube-router v2.1.0, only its NetworkPolicy controller (iptables + ipset) runs: it fits this
 * kernel, which lacks the nftables `queue` that kube-network-policies needs. Built from the
 * wrapper module in go/kube-router, which raises the dependencies that have known advisories and
 * pins four that its own go.mod lacks.
 */
export const kubeRouter: GoTool = {
  name: "kube-router",
  module: "github.com/cloudnativelabs/kube-router/v2",
  installPath: "github.com/cloudnativelabs/kube-router/v2/cmd/kube-router",
  version: "v2.1.0",
  ldflags: () => ["-X github.com/cloudnativelabs/kube-router/v2/pkg/version.Version=v2.1.0"],
};

const wrapperModules = join(fileURLToPath(new URL(".", import.meta.url)), "go");

/** `go build` of a tool from its wrapper module under go/ (its go.mod and go.sum pin every dependency). */
const buildFromWrapper: ToolBuilder = (tool, binary) => {
  console.log(`building ${tool.name} ${tool.version} from go/${tool.name} (about 5 minutes the first time)`);
  const started = Date.now();
  const ldflags = `-s -w ${tool.ldflags("").join(" ")}`;
  // Asynchronous, so the image builds that setup runs alongside keep going.
  const child = spawn("go", ["build", "-trimpath", `-ldflags=${ldflags}`, "-o", binary, tool.installPath], {
    cwd: join(wrapperModules, tool.name),
    env: { ...process.env, CGO_ENABLED: "0" },
  });
  let log = "";
  child.stderr.on("data", (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-4000);
  });
  return new Promise((done, fail) => {
    child.on("close", (code) => {
      if (code !== 0) return fail(new Error(`go build of ${tool.name} failed (exit ${code}):\n${log}`));
      console.log(`built ${tool.name} ${tool.version} in ${Math.round((Date.now() - started) / 1000)}s`);
      done();
    });
  });
};

export interface NodeTools {
  coredns: string;
  localPathProvisioner: string;
  crictl: string;
  kubeRouter: string;
}

/** Builds (or copies from the user cache) every node tool; returns their paths in .tools/. */
export async function ensureNodeTools(): Promise<NodeTools> {
  return {
    coredns: await ensureTool(coredns),
    localPathProvisioner: await ensureTool(localPathProvisioner),
    crictl: await ensureTool(crictl),
    kubeRouter: await ensureTool(kubeRouter, buildFromWrapper),
  };
}
