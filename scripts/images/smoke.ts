// Runs each pushed image the way the node would run the chart's pod, without Kubernetes: the image
// is pulled from the registry and unpacked, and runc starts the container the chart renders
// (`helm template` with the default values): its user, group and fsGroup, command/args with $(VAR)
// expanded, env (Secret and ConfigMap references resolved from the render), emptyDir and ConfigMap
// volumes, read-only root, no capabilities, the host's network. Then the chart's own probes run
// (exec probes through `runc exec`, as the kubelet does), plus a check that the credentials work.
// For busybox the chart's `helm test` pods run, against a DNS server answering every
// <service>.<namespace>.svc.cluster.local with 127.0.0.1 and listeners on the ports they dial.
//   npx tsx scripts/images/smoke.ts 127.0.0.1:5002 [busybox|redis|postgres|rabbitmq|chroma ...]
// Needs root and runc; uses the host's ports 53, 5432, 5672, 6379, 8000, 15672 and the test pods' ports.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { createSocket } from "node:dgram";
import { chmodSync, chownSync, mkdirSync, openSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer as createHttpServer, type Server } from "node:http";
import { connect } from "node:net";
import { networkInterfaces } from "node:os";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import { helmTemplate } from "../chart/helm-template.ts";
import { debianPackages, ensureDebianPackages } from "../debian-packages.ts";
import { isEntry, runMain } from "../entry.ts";
import { helmBinaries } from "../tools.ts";
import { recipes } from "./main.ts";
import { blobStream, type PushedImageConfig, readImageConfig, readImageLayers } from "./oci-image.ts";
import type { ImageRecipe } from "./recipe.ts";

// biome-ignore lint/suspicious/noExplicitAny: rendered Kubernetes objects, read loosely
type Obj = any;
const workRoot = "/tmp/cryptoflow-images-smoke";

async function render(): Promise<Obj[]> {
  return (await helmTemplate(helmBinaries()[0], { release: "smoke" })).objects;
}

function pods(objects: Obj[], reference: string): Obj[] {
  const matches = (spec: Obj) => spec?.containers?.some((c: Obj) => c.image.endsWith(`/${reference}`));
  return objects
    .map((o) => (o.kind === "Pod" ? o : { metadata: o.metadata, spec: o.spec?.template?.spec }))
    .filter((pod) => matches(pod.spec));
}

async function unpack(registry: string, reference: string, rootfs: string): Promise<PushedImageConfig> {
  const config = await readImageConfig(registry, reference);
  if (!config) throw new Error(`${reference} is not in ${registry}`);
  rmSync(rootfs, { recursive: true, force: true });
  mkdirSync(rootfs, { recursive: true });
  const repository = reference.slice(0, reference.lastIndexOf(":"));
  for (const layer of await readImageLayers(registry, reference)) {
    const tar = spawn("tar", ["-x", "--numeric-owner", "-C", rootfs], { stdio: ["pipe", "inherit", "inherit"] });
    const body = await blobStream(registry, repository, layer.digest);
    const exited = new Promise((done) => tar.on("close", done));
    if (layer.mediaType.endsWith("+gzip")) await pipeline(body, createGunzip(), tar.stdin);
    else await pipeline(body, tar.stdin);
    if ((await exited) !== 0) throw new Error(`unpacking ${layer.digest} failed`);
  }
  return config;
}

interface Run {
  id: string;
  bundle: string;
  process: ChildProcess;
  exited: Promise<number | null>;
  log: string;
}

/** Writes the runc bundle for one container of `pod` and starts it. */
function start(name: string, pod: Obj, container: Obj, image: PushedImageConfig, objects: Obj[], hosts: string): Run {
  const bundle = join(workRoot, name);
  const podSecurity = pod.spec.securityContext ?? {};
  const security = container.securityContext ?? {};
  const uid = security.runAsUser ?? podSecurity.runAsUser ?? 0;
  const gid = security.runAsGroup ?? podSecurity.runAsGroup ?? 0;
  const fsGroup: number | undefined = podSecurity.fsGroup;

  const env: Record<string, string> = {};
  for (const entry of image.config.Env ?? [])
    env[entry.slice(0, entry.indexOf("="))] = entry.slice(entry.indexOf("=") + 1);
  env.HOSTNAME = name;
  for (const variable of container.env ?? []) {
    if (variable.value !== undefined) env[variable.name] = variable.value;
    const secretRef = variable.valueFrom?.secretKeyRef;
    const mapRef = variable.valueFrom?.configMapKeyRef;
    if (secretRef) {
      const secret = objects.find((o) => o.kind === "Secret" && o.metadata.name === secretRef.name);
      env[variable.name] =
        secret.stringData?.[secretRef.key] ?? Buffer.from(secret.data[secretRef.key], "base64").toString();
    }
    if (mapRef)
      env[variable.name] = objects.find((o) => o.kind === "ConfigMap" && o.metadata.name === mapRef.name).data[
        mapRef.key
      ];
  }
  const expand = (arg: string) => arg.replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (all, v) => env[v] ?? all);
  const args: string[] = (
    container.command
      ? [...container.command, ...(container.args ?? [])]
      : [...(image.config.Entrypoint ?? []), ...(container.args ?? image.config.Cmd ?? [])]
  ).map(expand);

  const mounts: Obj[] = [
    { destination: "/proc", type: "proc", source: "proc" },
    {
      destination: "/dev",
      type: "tmpfs",
      source: "tmpfs",
      options: ["nosuid", "strictatime", "mode=755", "size=65536k"],
    },
    {
      destination: "/dev/pts",
      type: "devpts",
      source: "devpts",
      options: ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620"],
    },
    {
      destination: "/dev/shm",
      type: "tmpfs",
      source: "shm",
      options: ["nosuid", "noexec", "nodev", "mode=1777", "size=65536k"],
    },
    { destination: "/dev/mqueue", type: "mqueue", source: "mqueue", options: ["nosuid", "noexec", "nodev"] },
    { destination: "/sys", type: "sysfs", source: "sysfs", options: ["nosuid", "noexec", "nodev", "ro"] },
  ];
  const etc = join(bundle, "etc");
  mkdirSync(etc, { recursive: true });
  writeFileSync(join(etc, "hosts"), hosts);
  writeFileSync(join(etc, "hostname"), `${name}\n`);
  writeFileSync(
    join(etc, "resolv.conf"),
    "nameserver 127.0.0.1\nsearch default.svc.cluster.local svc.cluster.local cluster.local\noptions ndots:5\n",
  );
  for (const file of ["hosts", "hostname", "resolv.conf"]) {
    mounts.push({ destination: `/etc/${file}`, type: "bind", source: join(etc, file), options: ["rbind", "ro"] });
  }
  for (const mount of container.volumeMounts ?? []) {
    const volume = pod.spec.volumes.find((v: Obj) => v.name === mount.name);
    const source = join(bundle, "volumes", mount.name);
    rmSync(source, { recursive: true, force: true });
    mkdirSync(source, { recursive: true });
    if (volume.configMap) {
      const map = objects.find((o) => o.kind === "ConfigMap" && o.metadata.name === volume.configMap.name);
      for (const [key, text] of Object.entries(map.data as Record<string, string>))
        writeFileSync(join(source, key), text);
    } else {
      // an emptyDir (or a claim): world-writable, and group-owned by fsGroup with setgid, as the kubelet leaves it
      chmodSync(source, 0o777);
      if (fsGroup !== undefined) {
        chownSync(source, 0, fsGroup);
        chmodSync(source, 0o2777);
      }
    }
    mounts.push({
      destination: mount.mountPath,
      type: "bind",
      source,
      options: ["rbind", mount.readOnly ? "ro" : "rw"],
    });
  }

  const spec = {
    ociVersion: "1.0.2",
    process: {
      terminal: false,
      user: { uid, gid, additionalGids: fsGroup !== undefined ? [fsGroup] : [] },
      args,
      env: Object.entries(env).map(([k, v]) => `${k}=${v}`),
      cwd: container.workingDir ?? image.config.WorkingDir ?? "/",
      capabilities: { bounding: [], effective: [], permitted: [], inheritable: [], ambient: [] },
      noNewPrivileges: security.allowPrivilegeEscalation === false,
    },
    root: { path: join(bundle, "rootfs"), readonly: security.readOnlyRootFilesystem === true },
    hostname: name,
    mounts,
    linux: {
      namespaces: [{ type: "pid" }, { type: "ipc" }, { type: "uts" }, { type: "mount" }],
      maskedPaths: ["/proc/kcore", "/proc/keys", "/proc/timer_list", "/sys/firmware"],
      readonlyPaths: ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"],
    },
  };
  writeFileSync(join(bundle, "config.json"), JSON.stringify(spec, null, 1));
  const id = `smoke-${name}`;
  spawnSync("runc", ["delete", "-f", id]);
  const log = join(bundle, "container.log");
  const fd = openSync(log, "w");
  const child = spawn("runc", ["run", "--bundle", bundle, id], { stdio: ["ignore", fd, fd] });
  const exited = new Promise<number | null>((done) => child.on("close", done));
  console.log(
    `  ${name}: uid ${uid} gid ${gid}${fsGroup !== undefined ? ` fsGroup ${fsGroup}` : ""}: ${args.join(" ").replaceAll("\n", "; ").slice(0, 120)}`,
  );
  return { id, bundle, process: child, exited, log };
}

function exec(run: Run, command: string[], env: string[] = []): { ok: boolean; output: string } {
  const out = spawnSync("runc", ["exec", ...env.flatMap((e) => ["--env", e]), run.id, ...command], {
    encoding: "utf8",
    timeout: 30_000,
  });
  return { ok: out.status === 0, output: `${out.stdout}${out.stderr}`.trim() };
}

function tcp(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect(port, "127.0.0.1");
    socket.setTimeout(3000);
    socket.on("connect", () => {
      socket.destroy();
      done(true);
    });
    socket.on("error", () => done(false));
    socket.on("timeout", () => {
      socket.destroy();
      done(false);
    });
  });
}

async function probe(run: Run, container: Obj, spec: Obj): Promise<{ ok: boolean; output: string }> {
  const port = (p: number | string) =>
    typeof p === "number" ? p : container.ports.find((c: Obj) => c.name === p).containerPort;
  if (spec.exec) return exec(run, spec.exec.command);
  if (spec.tcpSocket) return { ok: await tcp(port(spec.tcpSocket.port)), output: "tcp" };
  if (spec.httpGet) {
    try {
      const reply = await fetch(`http://127.0.0.1:${port(spec.httpGet.port)}${spec.httpGet.path}`);
      return { ok: reply.status >= 200 && reply.status < 400, output: await reply.text() };
    } catch (error) {
      return { ok: false, output: String(error) };
    }
  }
  throw new Error(`unknown probe ${JSON.stringify(spec)}`);
}

async function waitFor(what: string, check: () => Promise<{ ok: boolean; output: string }>, seconds: number, run: Run) {
  const started = Date.now();
  let last = { ok: false, output: "" };
  let exited = false;
  run.exited.then(() => {
    exited = true;
  });
  while (Date.now() - started < seconds * 1000 && !exited) {
    last = await check();
    if (last.ok) {
      console.log(`  ${what}: passed after ${Math.round((Date.now() - started) / 1000)} s`);
      return;
    }
    await new Promise((done) => setTimeout(done, 2000));
  }
  throw new Error(
    `${what} did not pass (${exited ? "the container exited" : `${seconds} s`}): ${last.output.slice(0, 400)}`,
  );
}

async function stop(run: Run, signal: string): Promise<void> {
  spawnSync("runc", ["kill", run.id, signal]);
  const timer = setTimeout(() => spawnSync("runc", ["kill", run.id, "KILL"]), 30_000);
  const code = await run.exited;
  clearTimeout(timer);
  spawnSync("runc", ["delete", "-f", run.id]);
  console.log(`  stopped with ${signal}: exit ${code}`);
}

function expectOk(what: string, result: { ok: boolean; output: string }, wanted = true): void {
  if (result.ok !== wanted)
    throw new Error(`${what}: ${wanted ? "failed" : "succeeded but should not"}: ${result.output.slice(0, 400)}`);
  console.log(`  ${what}: ok`);
}

/** What each datastore must do beyond the chart's probes. */
const extraChecks: Record<string, (run: Run, env: Record<string, string>) => Promise<void>> = {
  async postgres(run, env) {
    // Not 127.0.0.1: like the official image, initdb trusts loopback connections inside the container.
    const address = Object.values(networkInterfaces())
      .flat()
      .find((a) => a && a.family === "IPv4" && !a.internal)?.address;
    if (!address) throw new Error("no non-loopback IPv4 address to reach postgres through");
    const psql = ["psql", "-h", address, "-U", env.POSTGRES_USER, "-d", env.POSTGRES_DB, "-tAc", "select current_user"];
    expectOk(`psql with the password over TCP to ${address}`, exec(run, psql, [`PGPASSWORD=${env.POSTGRES_PASSWORD}`]));
    expectOk("psql with a wrong password", exec(run, psql, ["PGPASSWORD=wrong"]), false);
  },
  async redis(run, env) {
    const ping = exec(run, ["redis-cli", "-a", env.REDIS_PASSWORD, "--no-auth-warning", "ping"]);
    expectOk("redis-cli -a PASS ping", { ok: ping.output === "PONG", output: ping.output });
    const anonymous = exec(run, ["sh", "-c", "env -u REDISCLI_AUTH redis-cli ping"]);
    expectOk("redis-cli without the password", { ok: anonymous.output.includes("NOAUTH"), output: anonymous.output });
  },
  async rabbitmq(run, env) {
    expectOk(
      "rabbitmqctl authenticate_user (RABBITMQ_DEFAULT_USER/PASS)",
      exec(run, ["rabbitmqctl", "-q", "authenticate_user", env.RABBITMQ_DEFAULT_USER, env.RABBITMQ_DEFAULT_PASS]),
    );
    const auth = Buffer.from(`${env.RABBITMQ_DEFAULT_USER}:${env.RABBITMQ_DEFAULT_PASS}`).toString("base64");
    const whoami = await fetch("http://127.0.0.1:15672/api/whoami", { headers: { Authorization: `Basic ${auth}` } });
    expectOk(`management API on 15672 (HTTP ${whoami.status})`, {
      ok: whoami.status === 200,
      output: await whoami.text(),
    });
    const cookie = statSync(join(run.bundle, "volumes", "data", ".erlang.cookie"));
    expectOk(`Erlang cookie mode ${(cookie.mode & 0o777).toString(8)}`, {
      ok: (cookie.mode & 0o777) === 0o400,
      output: "",
    });
  },
  async chroma() {
    const created = await fetch("http://127.0.0.1:8000/api/v1/collections", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ name: "smoke", get_or_create: true }),
    });
    expectOk(`create a collection (HTTP ${created.status})`, {
      ok: created.status === 200,
      output: await created.text(),
    });
  },
};

/** A DNS server for the test pods: <service>.<namespace>.svc.cluster.local is 127.0.0.1 (A only), the rest NXDOMAIN. */
function dnsServer(): Promise<() => void> {
  const socket = createSocket("udp4");
  socket.on("message", (query, peer) => {
    let offset = 12;
    const labels: string[] = [];
    while (query[offset] !== 0) {
      labels.push(query.subarray(offset + 1, offset + 1 + query[offset]).toString());
      offset += query[offset] + 1;
    }
    const type = query.readUInt16BE(offset + 1);
    const question = query.subarray(12, offset + 5);
    const known = labels.length === 5 && labels.slice(2).join(".").toLowerCase() === "svc.cluster.local";
    const header = Buffer.alloc(12);
    query.copy(header, 0, 0, 2);
    header.writeUInt16BE(0x8180 | (known ? 0 : 3), 2);
    header.writeUInt16BE(1, 4);
    const answer = Buffer.from([0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0, 5, 0, 4, 127, 0, 0, 1]);
    const withAnswer = known && type === 1;
    header.writeUInt16BE(withAnswer ? 1 : 0, 6);
    socket.send(Buffer.concat([header, question, ...(withAnswer ? [answer] : [])]), peer.port, peer.address);
  });
  return new Promise((done, fail) => {
    socket.on("error", fail);
    socket.bind(53, "127.0.0.1", () => done(() => socket.close()));
  });
}

async function smokeBusybox(registry: string, recipe: ImageRecipe, objects: Obj[]): Promise<void> {
  const testPods = pods(objects, recipe.reference);
  const image = await unpack(registry, recipe.reference, join(workRoot, "busybox-image"));
  const scripts = testPods.map((pod) => pod.spec.containers[0].command.join(" ")).join("\n");
  const ports = new Set(
    [...scripts.matchAll(/nc -z -w \d+ \S+ (\d+)|http:\/\/[^/:]+:(\d+)/g)].map((m) => Number(m[1] ?? m[2])),
  );
  const servers: Server[] = [];
  for (const port of ports) {
    const server = createHttpServer((_req, res) => res.end("ok\n"));
    await new Promise<void>((done) => server.listen(port, "127.0.0.1", done));
    servers.push(server);
  }
  const closeDns = await dnsServer();
  try {
    console.log(`  stub services on 127.0.0.1 ports ${[...ports].join(", ")}, DNS on 127.0.0.1:53`);
    for (const pod of testPods) {
      const name = pod.metadata.name;
      const bundle = join(workRoot, name);
      rmSync(join(bundle, "rootfs"), { force: true, recursive: true });
      mkdirSync(bundle, { recursive: true });
      spawnSync("cp", ["-a", join(workRoot, "busybox-image"), join(bundle, "rootfs")]);
      const run = start(name, pod, pod.spec.containers[0], image, objects, "127.0.0.1\tlocalhost\n");
      const code = await run.exited;
      spawnSync("runc", ["delete", "-f", run.id]);
      const output = spawnSync("cat", [run.log], { encoding: "utf8" }).stdout.trim();
      if (code !== 0) throw new Error(`test pod ${name} exited ${code}:\n${output}`);
      console.log(`  test pod ${name}: exit 0${output ? ` (${output.split("\n").length} lines of output)` : ""}`);
    }
    // and the applets fail when they should
    const pod = testPods[0];
    const negative = { ...pod.spec.containers[0] };
    negative.command = [
      "sh",
      "-c",
      "! nslookup nosuch.invalid && ! nc -z -w 2 127.0.0.1 1 && ! wget -q -T 5 -O /dev/null http://127.0.0.1:1/",
    ];
    const bundle = join(workRoot, "busybox-negative");
    mkdirSync(bundle, { recursive: true });
    rmSync(join(bundle, "rootfs"), { force: true, recursive: true });
    spawnSync("cp", ["-a", join(workRoot, "busybox-image"), join(bundle, "rootfs")]);
    const run = start("busybox-negative", pod, negative, image, objects, "127.0.0.1\tlocalhost\n");
    const code = await run.exited;
    spawnSync("runc", ["delete", "-f", run.id]);
    expectOk("unknown name, closed port and refused URL fail", {
      ok: code === 0,
      output: spawnSync("cat", [run.log], { encoding: "utf8" }).stdout,
    });
  } finally {
    closeDns();
    for (const server of servers) server.close();
  }
}

async function smokeDatastore(registry: string, recipe: ImageRecipe, objects: Obj[]): Promise<void> {
  const [pod] = pods(objects, recipe.reference);
  if (!pod) throw new Error(`the chart renders no pod with ${recipe.reference}`);
  const container = pod.spec.containers.find((c: Obj) => c.image.endsWith(`/${recipe.reference}`));
  const bundle = join(workRoot, recipe.name);
  const image = await unpack(registry, recipe.reference, join(bundle, "rootfs"));
  const run = start(
    recipe.name,
    pod,
    container,
    image,
    objects,
    "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost\n",
  );
  try {
    const timeout = recipe.name === "postgres" || recipe.name === "redis" ? 90 : 180;
    await waitFor("readiness probe", () => probe(run, container, container.readinessProbe), timeout, run);
    await waitFor("liveness probe", () => probe(run, container, container.livenessProbe), 30, run);
    const env = Object.fromEntries(
      (
        JSON.parse(spawnSync("cat", [join(bundle, "config.json")], { encoding: "utf8" }).stdout).process.env as string[]
      ).map((e) => [e.slice(0, e.indexOf("=")), e.slice(e.indexOf("=") + 1)]),
    );
    await extraChecks[recipe.name]?.(run, env);
  } catch (error) {
    const log = spawnSync("tail", ["-n", "30", run.log], { encoding: "utf8" }).stdout;
    throw new Error(`${(error as Error).message}\n--- container log (${run.log}) ---\n${log}`);
  } finally {
    await stop(run, image.config.StopSignal ?? "TERM");
  }
}

async function main(): Promise<void> {
  const [registry, ...only] = process.argv.slice(2);
  if (!registry) throw new Error("usage: npx tsx scripts/images/smoke.ts HOST:PORT [image ...]");
  ensureDebianPackages(debianPackages.filter((pkg) => pkg.name === "runc"));
  const objects = await render();
  let failed = 0;
  for (const recipe of recipes.filter((r) => only.length === 0 || only.includes(r.name))) {
    console.log(`smoke ${recipe.reference}`);
    const started = Date.now();
    try {
      if (recipe.name === "busybox") await smokeBusybox(registry, recipe, objects);
      else await smokeDatastore(registry, recipe, objects);
      console.log(`smoke ${recipe.reference}: passed in ${Math.round((Date.now() - started) / 1000)} s`);
    } catch (error) {
      failed++;
      console.error(`smoke ${recipe.reference}: FAILED: ${(error as Error).message}`);
    }
  }
  if (failed) process.exit(1);
}

if (isEntry(import.meta.url)) {
  runMain(main);
}
