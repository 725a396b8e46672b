// Root filesystems from Debian packages, offline but for the Debian mirror: mmdebstrap writes a
// tar of a minimal system with the packages a recipe names, and the shell snippets here are the
// customize hooks the recipes share (ids like the official images', trimming, file copies).
import { spawn } from "node:child_process";
import { closeSync, mkdirSync, openSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { userCacheDir } from "../tools.ts";

export type Suite = "bookworm" | "trixie";

/** The same archive the host's apt uses (deb.debian.org), with the suite's updates and security fixes. */
function sources(suite: Suite): string[] {
  return [
    `deb http://deb.debian.org/debian ${suite} main`,
    `deb http://deb.debian.org/debian ${suite}-updates main`,
    `deb http://deb.debian.org/debian-security ${suite}-security main`,
  ];
}

/** Paths dpkg never writes into the images: documentation, manuals, translations. */
const excludedPaths = [
  "/usr/share/doc/*",
  "/usr/share/man/*",
  "/usr/share/info/*",
  "/usr/share/locale/*",
  "/usr/share/lintian/*",
  "/usr/share/linda/*",
];

export interface RootfsOptions {
  suite: Suite;
  /** essential: the Essential:yes set plus the includes (no apt); extract: the includes unpacked, nothing run. */
  variant: "essential" | "apt" | "extract";
  include: string[];
  /** Shell commands run on the host with "$1" the root filesystem, after the packages are installed (or unpacked). */
  customize?: string[];
  /** Skip mmdebstrap's own cleanup (apt lists, its setup files): for hooks that already removed /etc/apt and /var. */
  ownCleanup?: boolean;
  /** Where mmdebstrap's output goes (kept for a failed build). */
  log: string;
}

/** Downloaded .deb files, kept between builds so a rebuilt image downloads only what changed. */
const debCache = join(userCacheDir, "images", "debs");

/** Builds a root filesystem tar at `out` (or a throw-away one for /dev/null) with mmdebstrap, as root. */
export async function buildRootfs(out: string, options: RootfsOptions): Promise<void> {
  mkdirSync(debCache, { recursive: true });
  // The extract variant runs no customize hooks: its hooks run right after unpacking.
  const hookStep = options.variant === "extract" ? "extract" : "customize";
  const hooks = [
    ...(options.customize ?? []),
    ...(hookStep === "customize" ? [`sync-out /var/cache/apt/archives ${debCache}`] : []),
    'rm -rf "$1"/var/log/apt/* "$1"/var/log/dpkg.log "$1"/var/log/alternatives.log "$1"/var/cache/debconf/*-old "$1"/var/lib/dpkg/*-old',
  ];
  const args = [
    `--variant=${options.variant}`,
    "--mode=root",
    `--format=${out === "/dev/null" ? "null" : "tar"}`,
    `--include=${options.include.join(",")}`,
    ...excludedPaths.map((path) => `--dpkgopt=path-exclude=${path}`),
    "--dpkgopt=path-include=/usr/share/doc/*/copyright",
    "--skip=download/empty",
    ...(options.ownCleanup ? ["--skip=cleanup"] : []),
    "--skip=essential/unlink",
    // Cached debs go in before the download step (which then fetches only the missing ones) and
    // everything downloaded comes back out after the install.
    `--setup-hook=mkdir -p "$1/var/cache/apt/archives" && find '${debCache}' -maxdepth 1 -name '*.deb' -exec cp -t "$1/var/cache/apt/archives/" {} +`,
    ...hooks.map((hook) => `--${hookStep}-hook=${hook}`),
    options.suite,
    out,
    ...sources(options.suite),
  ];
  const log = openSync(options.log, "w");
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn("mmdebstrap", args, { stdio: ["ignore", log, log] });
      child.on("error", reject);
      child.on("close", resolve);
    });
    if (code !== 0) {
      const tail = readFileSync(options.log, "utf8").split("\n").slice(-25).join("\n");
      throw new Error(`mmdebstrap exited with ${code} (log: ${options.log}):\n${tail}`);
    }
  } finally {
    closeSync(log);
  }
}

/** Single-quotes a string for sh. */
export function shellQuote(text: string): string {
  return `'${text.replaceAll("'", "'\\''")}'`;
}

/**
 * A customize hook giving user and group `name` the ids the official image uses (the Debian
 * package made them with the next free system ids), and moving every file they own.
 */
export function setIds(name: string, uid: number, gid: number, group = name): string {
  return [
    "set -e",
    `old_uid=$(awk -F: '$1=="${name}"{print $3}' "$1/etc/passwd")`,
    `old_gid=$(awk -F: '$1=="${group}"{print $3}' "$1/etc/group")`,
    `test -n "$old_uid" && test -n "$old_gid"`,
    `if awk -F: -v u=${uid} -v n=${name} '$3==u && $1!=n{f=1} END{exit !f}' "$1/etc/passwd"; then echo "uid ${uid} is taken" >&2; exit 1; fi`,
    `if awk -F: -v g=${gid} -v n=${group} '$3==g && $1!=n{f=1} END{exit !f}' "$1/etc/group"; then echo "gid ${gid} is taken" >&2; exit 1; fi`,
    `sed -i -E "s/^${name}:([^:]*):$old_uid:[0-9]+:/${name}:\\1:${uid}:${gid}:/" "$1/etc/passwd"`,
    `sed -i -E "s/^${group}:([^:]*):$old_gid:/${group}:\\1:${gid}:/" "$1/etc/group"`,
    `if [ "$old_uid" != ${uid} ]; then find "$1" -xdev -uid "$old_uid" -exec chown -h ${uid} {} +; fi`,
    `if [ "$old_gid" != ${gid} ]; then find "$1" -xdev -gid "$old_gid" -exec chgrp -h ${gid} {} +; fi`,
  ].join("\n");
}

/** A customize hook copying files from the recipe's folder into the root filesystem. */
export function copyIn(files: { from: string; to: string; mode: string }[]): string {
  return files
    .map(({ from, to, mode }) => `install -D -m ${mode} ${shellQuote(from)} "$1"${shellQuote(to)}`)
    .join(" && ");
}
