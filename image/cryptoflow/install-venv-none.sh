#!/bin/sh
# TORCH_VARIANT=none for scripts/images/cryptoflow.ts (the Dockerfile does not use it): the venv
# without torch, sentence-transformers, triton and the nvidia-* wheels, for a CI image that must
# build fast. Same arguments as install-venv.sh; the variant argument must be "none".
#
# Resolves exactly as install-venv.sh (so every other package has the version the full image has),
# then installs that set with --no-deps minus the left-out packages. Venv 1.25 GB instead of
# slim's 6.97 GB (measured on bookworm). What it cannot run: the MCP server (it imports
# sentence_transformers through src/ai/adapters/chroma_adapter.py at startup) and anything that
# embeds text. See README.md.
set -eu

variant="${1:-none}"
req="$2"
extra="$3"
cons="$4"
tmp="${TMPDIR:-/tmp}/cryptoflow-install.$$"
mkdir -p "$tmp"

if [ "$variant" != none ]; then
  echo "install-venv-none.sh installs TORCH_VARIANT=none only, not '$variant'" >&2
  exit 2
fi

left_out='^(torch|sentence-transformers|triton|nvidia-.*)$'

pip install --dry-run --quiet --ignore-installed --report "$tmp/report.json" \
    -r "$req" -r "$extra" -c "$cons"
LEFT_OUT="$left_out" python - "$tmp/report.json" > "$tmp/locked.txt" <<'PY'
import json, os, re, sys
left_out = re.compile(os.environ["LEFT_OUT"], re.I)
for item in json.load(open(sys.argv[1]))["install"]:
    name, version = item["metadata"]["name"], item["metadata"]["version"]
    if left_out.match(name):
        print(f"left out: {name}=={version}", file=sys.stderr)
    else:
        print(f"{name}=={version}")
PY
pip install --no-cache-dir --no-deps -r "$tmp/locked.txt"
# The only unmet requirements allowed are on the left-out packages.
pip check > "$tmp/check.txt" 2>&1 || true
if grep -vE "requires (torch|sentence-transformers|triton|nvidia-[a-z0-9-]+)," "$tmp/check.txt" \
    | grep -v "^No broken requirements found"; then
  echo "pip check: problems other than the left-out packages (above)" >&2
  exit 1
fi

python -c "import chromadb, fastmcp, celery, alembic, grpc; print('none variant: core packages import')"
rm -rf "$tmp"
