// The node's own images, built from binaries here: the pod sandbox (`pause`, a static Go program
// in go/pause) and CoreDNS (the binary node-tools.ts builds). Pushed to the local registry under
// the names containerd resolves through its mirrors: registry.k8s.io/pause → `pause`,
// docker.io/coredns/coredns → `coredns/coredns`. A label holds the binary's hash, so a rebuilt
// binary is pushed again and an unchanged one is not.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type ImageConfig, pushImage, readImageConfig } from "../images/oci-image.ts";
import { userCacheDir } from "../tools.ts";
import type { NodeTools } from "./node-tools.ts";
import { registryAddress } from "./settings.ts";

const buildDir = join(userCacheDir, "node-images");
const contentLabel = "org.cryptoflow.content";

function run(command: string, args: string[], cwd?: string, env?: NodeJS.ProcessEnv): void {
  const out = spawnSync(command, args, { cwd, env, encoding: "utf8" });
  if (out.status !== 0) throw new Error(`${command} ${args.join(" ")} failed:\n${out.stderr || out.error?.message}`);
}

/** The pause binary, built once per source change (a few seconds). */
function buildPause(): string {
  const source = join(fileURLToPath(new URL(".", import.meta.url)), "go", "pause");
  const binary = join(buildDir, "pause.bin");
  run("go", ["build", "-trimpath", "-ldflags=-s -w", "-o", binary, "."], source, { ...process.env, CGO_ENABLED: "0" });
  return binary;
}

/** One-layer image holding a single static binary at /<name>. */
async function pushBinaryImage(name: string, binary: string, repository: string, config: ImageConfig): Promise<void> {
  const hash = createHash("sha256").update(readFileSync(binary)).digest("hex").slice(0, 16);
  const current = await readImageConfig(registryAddress, repository);
  if (current?.config.Labels?.[contentLabel] === hash) return;
  const dir = join(buildDir, name);
  mkdirSync(join(dir, "rootfs"), { recursive: true });
  const layer = join(dir, "layer.tar");
  run("cp", [binary, join(dir, "rootfs", name)]);
  run("tar", ["--owner=0", "--group=0", "--numeric-owner", "-C", join(dir, "rootfs"), "-cf", layer, name]);
  await pushImage(registryAddress, repository, [layer], {
    ...config,
    entrypoint: [`/${name}`],
    labels: { [contentLabel]: hash },
  });
  console.log(`image ${repository}: pushed`);
}

export async function pushNodeImages(tools: NodeTools): Promise<void> {
  mkdirSync(buildDir, { recursive: true });
  await pushBinaryImage("pause", buildPause(), "pause:3.10", {});
  await pushBinaryImage("coredns", tools.coredns, "coredns/coredns:v1.15.0", { exposedPorts: ["53/udp", "53/tcp"] });
}
