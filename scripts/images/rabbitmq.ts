// library/rabbitmq:4.1.4-management from Debian bookworm's rabbitmq-server, which is 3.10.x on
// Erlang/OTP 25 (bookworm has no 4.x), laid out like the official management image: user rabbitmq
// uid 999 gid 999, HOME and data in /var/lib/rabbitmq, logs in /var/log/rabbitmq, configuration in
// /etc/rabbitmq/conf.d, the management and prometheus plugins enabled, and docker-entrypoint.sh.
// The scripts themselves (/usr/lib/rabbitmq/bin) come first on PATH, not Debian's /usr/sbin
// wrappers, which insist on running as the `rabbitmq` user by name and redirect the server's output.
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildRootfs, copyIn, setIds } from "./debian.ts";
import { type ImageRecipe, imageDir } from "./recipe.ts";

const files = imageDir("rabbitmq");

export const rabbitmq: ImageRecipe = {
  name: "rabbitmq",
  reference: "library/rabbitmq:4.1.4-management",
  source: fileURLToPath(import.meta.url),
  async build(out, log) {
    await buildRootfs(out, {
      suite: "bookworm",
      variant: "essential",
      include: ["rabbitmq-server"],
      customize: [
        setIds("rabbitmq", 999, 999),
        // The postinst made an Erlang cookie: each container makes its own on first start.
        'rm -f "$1/var/lib/rabbitmq/.erlang.cookie"',
        'install -d -o 999 -g 999 -m 0755 "$1/var/lib/rabbitmq" "$1/var/log/rabbitmq" "$1/etc/rabbitmq" "$1/etc/rabbitmq/conf.d"',
        copyIn([
          { from: join(files, "docker-entrypoint.sh"), to: "/usr/local/bin/docker-entrypoint.sh", mode: "0755" },
          { from: join(files, "etc", "enabled_plugins"), to: "/etc/rabbitmq/enabled_plugins", mode: "0644" },
          {
            from: join(files, "etc", "conf.d", "10-defaults.conf"),
            to: "/etc/rabbitmq/conf.d/10-defaults.conf",
            mode: "0644",
          },
        ]),
        'chown -R 999:999 "$1/etc/rabbitmq"',
        'test -d "$1"/usr/lib/rabbitmq/lib/rabbitmq_server-*/plugins/rabbitmq_management-*',
      ],
      log,
    });
  },
  config: {
    entrypoint: ["docker-entrypoint.sh"],
    cmd: ["rabbitmq-server"],
    env: {
      PATH: "/usr/lib/rabbitmq/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
      RABBITMQ_DATA_DIR: "/var/lib/rabbitmq",
      HOME: "/var/lib/rabbitmq",
      LANG: "C.UTF-8",
      LANGUAGE: "C.UTF-8",
      LC_ALL: "C.UTF-8",
    },
    exposedPorts: ["4369/tcp", "5671/tcp", "5672/tcp", "15671/tcp", "15672/tcp", "15691/tcp", "15692/tcp", "25672/tcp"],
    labels: {
      "org.opencontainers.image.title": "rabbitmq",
      "org.opencontainers.image.description":
        "RabbitMQ 3.10 from Debian bookworm's rabbitmq-server, laid out like rabbitmq:4.1-management (uid 999)",
    },
  },
};
