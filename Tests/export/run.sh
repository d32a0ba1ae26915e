#!/usr/bin/env bash
# The export test: dlrepl builds seeded models covering every layer type
# (models.dl), exports each to PyTorch, Keras 3 and ONNX, and compare.py runs
# them in the real frameworks against dlrepl's outputs (max abs error 1e-5).
# The frameworks live in a virtual environment made once under .build/; a
# machine that cannot install them fails this test (it does not skip it).
# Usage: Tests/export/run.sh path/to/dlrepl
set -euo pipefail
bin="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="$root/.build/export-venv"
# Pinned, so a new release of a framework cannot change what passes.
packages=(numpy==2.4.6 keras==3.15.1 onnx==1.23.2 onnxruntime==1.32.0)
torch_cpu=torch==2.13.0+cpu

ready() { [ -x "$venv/bin/python" ] && KERAS_BACKEND=torch "$venv/bin/python" -c 'import torch, keras, onnx, onnxruntime' 2>/dev/null; }
if ! ready; then
  echo "export: making $venv with PyTorch, Keras, ONNX and onnxruntime (once) ..." >&2
  log="$root/.build/export-venv.log"
  mkdir -p "$root/.build"
  rm -rf "$venv"
  # The CPU build of torch is a fraction of the size of the default one.
  if ! { python3 -m venv "$venv" && "$venv/bin/pip" install -q "${packages[@]}" "$torch_cpu"; } >"$log" 2>&1 &&
     ! "$venv/bin/pip" install -q "${packages[@]}" torch==2.13.0 >>"$log" 2>&1; then
    echo "FAIL: export: the frameworks could not be installed; pip said:" >&2
    tail -5 "$log" >&2
    echo "export: 0 passed, 1 failed"
    exit 1
  fi
  ready || { echo "FAIL: export: the frameworks installed but do not import" >&2; echo "export: 0 passed, 1 failed"; exit 1; }
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
if ! "$bin" run "$here/models.dl" >dump.txt 2>err.txt; then
  echo "FAIL: export: dlrepl could not build or export the models:" >&2
  cat err.txt >&2
  echo "export: 0 passed, 1 failed"
  exit 1
fi
# onnxruntime's notes about the graph are not failures; compare.py reports those.
ORT_LOGGING_LEVEL=3 "$venv/bin/python" "$here/compare.py" "$work" dump.txt
