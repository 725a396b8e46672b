#!/bin/sh
# The official redis image's entrypoint, for Debian's redis-server: options alone (`--requirepass x`)
# or a config file as the first argument run redis-server with them; anything else runs as given.
set -e

# first arg is `-f` or `--some-option`, or a `something.conf`
if [ "${1#-}" != "$1" ] || [ "${1%.conf}" != "$1" ]; then
	set -- redis-server "$@"
fi

if [ "$1" = 'redis-server' ]; then
	# The official image builds redis with protected mode off (it only makes sense outside a
	# container); Debian's binary has it on, so say so unless a config file decides.
	shift
	if [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; then
		set -- redis-server "$@"
	else
		set -- redis-server --protected-mode no "$@"
	fi
	# started as root (`docker run` without --user): own the data and drop to redis
	if [ "$(id -u)" = '0' ]; then
		find . \! -user redis -exec chown redis '{}' +
		exec setpriv --reuid=redis --regid=redis --init-groups "$0" "$@"
	fi
fi

# set an appropriate umask (if one isn't set already)
um="$(umask)"
if [ "$um" = '0022' ]; then
	umask 0077
fi

exec "$@"
