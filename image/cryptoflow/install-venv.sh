#!/bin/sh
# Installs CryptoFlow's Python dependencies into the virtualenv whose pip/python come first on PATH.
# Used by image/cryptoflow/Dockerfile; runs the same way outside Docker.
#
#   install-venv.sh TORCH_VARIANT REQUIREMENTS EXTRA_REQUIREMENTS CONSTRAINTS
#
# TORCH_VARIANT:
#   full  plain `pip install -r REQUIREMENTS -r EXTRA -c CONSTRAINTS`: torch from PyPI with all
#         of its CUDA wheels (nvidia-*, triton). Venv about 7.9 GB.
#   slim  (default) resolve exactly as `full`, then install that same set with --no-deps minus the
#         CUDA pieces torch does not load at import: triton, nvidia-cusolver, nvidia-cuda-nvrtc,
#         nvidia-nvtx. Venv about 6.7 GB. CPU inference is unaffected; GPU linear algebra, CUDA JIT
#         and torch.compile on GPU would not work (the app uses none of them, and runs on CPU).
#
# A CPU-only torch cannot come from PyPI: every cp311 Linux x86_64 torch there (1.13.0 .. 2.15.0)
# is a CUDA build, and without the nvidia-* libraries it links against (cublas, cudnn, cusparse,
# cufft, nccl, ...) `import torch` fails with "libcublas.so.*[0-9] not found". See README.md.
set -eu

variant="${1:-slim}"
req="$2"
extra="$3"
cons="$4"
tmp="${TMPDIR:-/tmp}/cryptoflow-install.$$"
mkdir -p "$tmp"

# Packages the slim variant leaves out (torch 2.9.1 / CUDA 12.8 names).
left_out='^(triton|nvidia-cusolver-cu[0-9]+|nvidia-cuda-nvrtc-cu[0-9]+|nvidia-nvtx-cu[0-9]+)$'

case "$variant" in
  full)
    pip install --no-cache-dir -r "$req" -r "$extra" -c "$cons"
    pip check
    ;;
  slim)
    # 1. Resolve only (PyPI serves wheel metadata on its own, so nothing large is downloaded).
    pip install --dry-run --quiet --ignore-installed --report "$tmp/report.json" \
        -r "$req" -r "$extra" -c "$cons"
    # 2. Pin everything that was resolved, minus the left-out CUDA pieces.
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
    # 3. Install exactly that set, so pip cannot add the left-out packages back.
    pip install --no-cache-dir --no-deps -r "$tmp/locked.txt"
    # 4. The only unmet requirements allowed are the left-out packages.
    pip check > "$tmp/check.txt" 2>&1 || true
    if grep -vE "requires (triton|nvidia-cusolver-cu[0-9]+|nvidia-cuda-nvrtc-cu[0-9]+|nvidia-nvtx-cu[0-9]+)," "$tmp/check.txt" \
        | grep -v "^No broken requirements found"; then
      echo "pip check: problems other than the left-out CUDA packages (above)" >&2
      exit 1
    fi
    ;;
  *)
    echo "TORCH_VARIANT must be slim or full, not '$variant'" >&2
    exit 2
    ;;
esac

# Fail the build here, not in the MCP pod, if torch cannot load its libraries.
python -c "import torch, sentence_transformers; print('torch', torch.__version__, 'imports')"
rm -rf "$tmp"
