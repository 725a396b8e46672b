#!/bin/bash
# The official rabbitmq image's entrypoint (3.9 and later), for Debian's rabbitmq-server: options
# alone run rabbitmq-server with them; started as root it drops to the rabbitmq user. The server
# itself reads RABBITMQ_DEFAULT_USER / RABBITMQ_DEFAULT_PASS / RABBITMQ_DEFAULT_VHOST and writes
# $HOME/.erlang.cookie (0400) on its first start; *_FILE variants are read here.
set -euo pipefail

# first arg is `-f` or `--some-option`
if [ "${1:0:1}" = '-' ]; then
	set -- rabbitmq-server "$@"
fi

for var in RABBITMQ_DEFAULT_USER RABBITMQ_DEFAULT_PASS RABBITMQ_DEFAULT_VHOST; do
	fileVar="${var}_FILE"
	if [ -n "${!fileVar:-}" ]; then
		if [ -n "${!var:-}" ]; then
			echo >&2 "error: both $var and $fileVar are set (but are exclusive)"
			exit 1
		fi
		export "$var"="$(< "${!fileVar}")"
		unset "$fileVar"
	fi
done

# allow the container to be started with `--user`
if [[ "$1" == rabbitmq* ]] && [ "$(id -u)" = '0' ]; then
	if [ "$1" = 'rabbitmq-server' ]; then
		find /var/lib/rabbitmq /var/log/rabbitmq \! -user rabbitmq -exec chown rabbitmq '{}' +
	fi
	exec setpriv --reuid=rabbitmq --regid=rabbitmq --init-groups "$BASH_SOURCE" "$@"
fi

exec "$@"
