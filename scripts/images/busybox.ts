// library/busybox:1.37.0 for the chart's `helm test` pods, which run `nslookup NAME`,
// `nc -z -w 5 HOST PORT` and `wget -q -T 10 -O /dev/null URL` as uid 65534 on a read-only root.
//
// Debian's busybox packages (1.35 in bookworm, 1.37 in trixie) are built without nc's -z
// (NC_110_COMPAT), and the static one crashes in wget (static glibc loading NSS modules). So this
// builds upstream's 1.37.0 release (the tarball Debian mirrors as busybox_1.37.0.orig.tar.bz2) with
// `make defconfig`, as the official image does, but linked dynamically against bookworm's glibc,
// whose libc.so.6 and loader are the only other files in the image.
import { createHash } from "node:crypto";
import { createWriteStream, existsSync, mkdirSync, renameSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { fileURLToPath } from "node:url";
import { buildRootfs, copyIn, shellQuote } from "./debian.ts";
import { type ImageRecipe, imageDir, imagesCacheDir } from "./recipe.ts";

const version = "1.37.0";
const tarball = {
  url: `http://deb.debian.org/debian/pool/main/b/busybox/busybox_${version}.orig.tar.bz2`,
  sha256: "3311dff32e746499f4df0d5df04d7eb396382d7e108bb9250e7b519b837043a4",
};

/** Upstream's source tarball, downloaded once and checked against its pinned hash. */
async function sourceTarball(): Promise<string> {
  const dir = join(imagesCacheDir, "sources");
  const path = join(dir, `busybox-${version}.tar.bz2`);
  if (existsSync(path)) return path;
  mkdirSync(dir, { recursive: true });
  const response = await fetch(tarball.url);
  if (!response.ok || !response.body) throw new Error(`downloading ${tarball.url}: HTTP ${response.status}`);
  const hash = createHash("sha256");
  const partial = `${path}.partial`;
  await pipeline(
    Readable.fromWeb(response.body as import("node:stream/web").ReadableStream),
    async function* (chunks: AsyncIterable<Buffer>) {
      for await (const chunk of chunks) {
        hash.update(chunk);
        yield chunk;
      }
    },
    createWriteStream(partial),
  );
  const got = hash.digest("hex");
  if (got !== tarball.sha256) throw new Error(`${tarball.url} has sha256 ${got}, expected ${tarball.sha256}`);
  renameSync(partial, path);
  return path;
}

/**
 * Compiles busybox in a throw-away bookworm with gcc (the same glibc the image gets) and returns
 * the binary, kept in the cache under a hash of how it was built.
 */
async function compile(log: string): Promise<string> {
  const source = await sourceTarball();
  const script = [
    "cd /tmp",
    "tar -xjf busybox.tar.bz2",
    `cd busybox-${version}`,
    "make -s defconfig >/dev/null",
    "make -s -j$(nproc) busybox",
    "./busybox --help >/dev/null",
  ].join(" && ");
  const include = ["gcc", "make", "libc6-dev", "bzip2"];
  const key = createHash("sha256")
    .update(`${tarball.sha256}\0${script}\0${include.join(",")}`)
    .digest("hex");
  const binary = join(imagesCacheDir, "sources", `busybox-${version}-${key.slice(0, 16)}`);
  if (existsSync(binary)) return binary;
  await buildRootfs("/dev/null", {
    suite: "bookworm",
    variant: "essential",
    include,
    customize: [
      `cp ${shellQuote(source)} "$1/tmp/busybox.tar.bz2"`,
      `chroot "$1" sh -ec ${shellQuote(script)}`,
      `install -m 0755 "$1/tmp/busybox-${version}/busybox" ${shellQuote(`${binary}.partial`)}`,
    ],
    log: log.replace(/\.log$/, "-compile.log"),
  });
  renameSync(`${binary}.partial`, binary);
  return binary;
}

const files = join(imageDir("busybox"), "rootfs", "etc");

export const busybox: ImageRecipe = {
  name: "busybox",
  reference: `library/busybox:${version}`,
  source: fileURLToPath(import.meta.url),
  async build(out, log) {
    const binary = await compile(log);
    await buildRootfs(out, {
      suite: "bookworm",
      variant: "extract",
      include: ["libc6", "libcrypt1"],
      customize: [
        // Keep what busybox links (loader, libc, libm, libresolv, libcrypt) and the NSS modules for `hosts: files dns`.
        'cd "$1" && rm -rf etc/apt etc/dpkg etc/ld.so.conf.d etc/fstab var usr/share usr/lib/x86_64-linux-gnu/gconv usr/libexec && rm -rf tmp/* tmp/.[!.]*',
        'cd "$1" && find lib/x86_64-linux-gnu usr/lib/x86_64-linux-gnu -maxdepth 1 \\( -type f -o -type l \\) ! -name "ld-linux-x86-64.so.2" ! -name "libc.so.6" ! -name "libm.so.6" ! -name "libresolv.so.2" ! -name "libcrypt.so.1*" ! -name "libnss_files.so.2" ! -name "libnss_dns.so.2" -delete 2>/dev/null || true',
        'mkdir -p "$1/bin" "$1/root" "$1/home" "$1/var/spool/mail" "$1/var/www" "$1/usr/sbin" && chmod 0700 "$1/root" && chmod 1777 "$1/tmp"',
        `install -m 0755 ${shellQuote(binary)} "$1/bin/busybox"`,
        'for applet in $(chroot "$1" /bin/busybox --list); do [ "$applet" = busybox ] || ln -sf busybox "$1/bin/$applet"; done',
        copyIn(
          ["passwd", "group", "nsswitch.conf"].map((name) => ({
            from: join(files, name),
            to: `/etc/${name}`,
            mode: "0644",
          })),
        ),
        ': > "$1/etc/resolv.conf" && : > "$1/etc/hostname" && chmod 0644 "$1/etc/resolv.conf" "$1/etc/hostname"',
        // The image answers for itself before it is pushed.
        `chroot "$1" /bin/sh -c 'nc --help 2>&1 | grep -q -- "-z" && wget --help 2>&1 | grep -q -- "-T SEC" && nslookup --help 2>&1 | grep -q DNS_SERVER'`,
      ],
      ownCleanup: true,
      log,
    });
  },
  config: {
    cmd: ["sh"],
    env: { PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" },
    labels: {
      "org.opencontainers.image.title": "busybox",
      "org.opencontainers.image.version": version,
      "org.opencontainers.image.description": `BusyBox ${version} (defconfig, dynamically linked against Debian bookworm's glibc)`,
    },
  },
};
