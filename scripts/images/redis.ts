// library/redis:7.4.2-alpine from Debian bookworm's redis-server, which is 7.0.x (bookworm has no
// 7.4), laid out like the official alpine image: user redis uid 999 in group redis gid 1000, /data
// as the working directory, docker-entrypoint.sh running redis-server with the arguments given.
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildRootfs, copyIn, setIds } from "./debian.ts";
import { type ImageRecipe, imageDir } from "./recipe.ts";

export const redis: ImageRecipe = {
  name: "redis",
  reference: "library/redis:7.4.2-alpine",
  source: fileURLToPath(import.meta.url),
  async build(out, log) {
    await buildRootfs(out, {
      suite: "bookworm",
      variant: "essential",
      include: ["redis-server"],
      customize: [
        setIds("redis", 999, 1000),
        copyIn([
          {
            from: join(imageDir("redis"), "docker-entrypoint.sh"),
            to: "/usr/local/bin/docker-entrypoint.sh",
            mode: "0755",
          },
        ]),
        'install -d -o 999 -g 1000 -m 0755 "$1/data"',
        'chroot "$1" redis-server --version',
      ],
      log,
    });
  },
  config: {
    entrypoint: ["docker-entrypoint.sh"],
    cmd: ["redis-server"],
    env: { REDIS_VERSION: "7.0 (Debian bookworm)" },
    workingDir: "/data",
    exposedPorts: ["6379/tcp"],
    labels: {
      "org.opencontainers.image.title": "redis",
      "org.opencontainers.image.description":
        "Redis 7.0 from Debian bookworm's redis-server, laid out like redis:7.4-alpine (uid 999, gid 1000, /data)",
    },
  },
};
