// library/postgres:15.14-alpine from Debian bookworm's postgresql-15 (15.x, the bookworm point
// release), laid out like the official alpine image: user postgres uid 70 gid 70,
// PGDATA=/var/lib/postgresql/data, /var/run/postgresql for the socket, /docker-entrypoint-initdb.d,
// and docker-entrypoint.sh (initdb with POSTGRES_USER/PASSWORD/DB on an empty PGDATA, then
// `postgres` in the foreground). The server binaries come first on PATH, as in the official
// Debian-based image, so no perl pg_wrapper stands between `psql` and the real one.
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildRootfs, copyIn, setIds } from "./debian.ts";
import { type ImageRecipe, imageDir } from "./recipe.ts";

const major = 15;
const bin = `/usr/lib/postgresql/${major}/bin`;

export const postgres: ImageRecipe = {
  name: "postgres",
  reference: "library/postgres:15.14-alpine",
  source: fileURLToPath(import.meta.url),
  async build(out, log) {
    await buildRootfs(out, {
      suite: "bookworm",
      variant: "essential",
      include: [`postgresql-${major}`],
      customize: [
        setIds("postgres", 70, 70),
        // The package's postinst made a cluster and a snakeoil TLS key: an image ships neither.
        `rm -rf "$1/var/lib/postgresql/${major}" "$1/etc/postgresql/${major}" "$1/etc/ssl/private/ssl-cert-snakeoil.key" "$1/etc/ssl/certs/ssl-cert-snakeoil.pem"`,
        // As the official image: the clusters initdb makes listen on every address.
        `sed -ri "s!^#?(listen_addresses)\\s*=\\s*\\S+.*!\\1 = '*'!" "$1/usr/share/postgresql/${major}/postgresql.conf.sample"`,
        `grep -F "listen_addresses = '*'" "$1/usr/share/postgresql/${major}/postgresql.conf.sample"`,
        'install -d -o 70 -g 70 -m 3777 "$1/var/run/postgresql"',
        'install -d -o 70 -g 70 -m 1777 "$1/var/lib/postgresql/data"',
        'install -d -m 0755 "$1/docker-entrypoint-initdb.d"',
        copyIn([
          {
            from: join(imageDir("postgres"), "docker-entrypoint.sh"),
            to: "/usr/local/bin/docker-entrypoint.sh",
            mode: "0755",
          },
        ]),
        'ln -s usr/local/bin/docker-entrypoint.sh "$1/docker-entrypoint.sh"',
        `chroot "$1" ${bin}/postgres --version`,
      ],
      log,
    });
  },
  config: {
    entrypoint: ["docker-entrypoint.sh"],
    cmd: ["postgres"],
    env: {
      PATH: `${bin}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin`,
      // The official alpine image says en_US.utf8 (musl); glibc without the locales data has C.UTF-8.
      LANG: "C.UTF-8",
      PG_MAJOR: String(major),
      PGDATA: "/var/lib/postgresql/data",
    },
    exposedPorts: ["5432/tcp"],
    stopSignal: "SIGINT",
    labels: {
      "org.opencontainers.image.title": "postgres",
      "org.opencontainers.image.description": `PostgreSQL ${major} from Debian bookworm's postgresql-${major}, laid out like postgres:${major}-alpine (uid 70)`,
    },
  },
};
