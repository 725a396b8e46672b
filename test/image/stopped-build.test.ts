// A CryptoFlow image build stopped by a signal leaves host folders bind-mounted inside its scratch
// folder. The next build removes that folder: the mounts go first, and what they showed of the
// host is left as it was (rm -rf through a bind of the host's folder would empty it).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { mountsUnder, removeStoppedBuild, removeTree, run } from "../../scripts/images/cryptoflow-chroot.ts";

const scratch = mkdtempSync(join(tmpdir(), "stopped-build-"));
afterAll(async () => {
  for (const point of mountsUnder(scratch).reverse()) await run("umount", ["-l", point]);
  rmSync(scratch, { recursive: true, force: true });
});

describe("a stopped image build's scratch folder", () => {
  it("is removed with its mounts undone, and the host's folder bound inside keeps its files", async () => {
    const host = join(scratch, "host-cache");
    mkdirSync(host);
    writeFileSync(join(host, "wheel.txt"), "kept");
    const partial = join(scratch, "cryptoflow-0123.partial");
    const inside = join(partial, "rootfs", "var", "cache", "pip");
    mkdirSync(inside, { recursive: true });
    await run("mount", ["--bind", host, inside]);
    const resolvConf = join(partial, "rootfs", "etc", "resolv.conf");
    mkdirSync(join(partial, "rootfs", "etc"));
    writeFileSync(resolvConf, "");
    await run("mount", ["--bind", "/etc/hostname", resolvConf]);
    expect(mountsUnder(partial)).toEqual([inside, resolvConf]);
    expect(() => removeTree(partial)).toThrow(/still mounted inside it/);

    await removeStoppedBuild(partial);

    expect(existsSync(partial)).toBe(false);
    expect(mountsUnder(scratch)).toEqual([]);
    expect(readFileSync(join(host, "wheel.txt"), "utf8")).toBe("kept");
  });
});
