#!/usr/bin/env bash
# Runs every test: the Swift suites, then the command-line and REPL tests
# (which drive the real program, the REPL through tmux), then the export test
# (exported models in the real PyTorch, Keras 3 and onnxruntime).
# Extra swift build flags can come in SWIFT_BUILD_FLAGS (CI adds the import check).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
# python3-venv: the export test makes a virtual environment with PyTorch, Keras and onnxruntime.
scripts/ensure-deps.sh libreadline-dev libncurses-dev zlib1g-dev tmux python3 python3-venv
read -r -a flags <<< "${SWIFT_BUILD_FLAGS:-}"
swift build "${flags[@]}"
swift test "${flags[@]}"
# The optimised build too: learners run it, and the course check needs its speed.
swift build -c release --product dlrepl "${flags[@]}"
Tests/cli/run.sh "$here/.build/debug/dlrepl" "$here/.build/release/dlrepl"
# Exported models run in the real PyTorch, Keras 3 and onnxruntime (installed
# into .build/export-venv from PyPI on the first run).
Tests/export/run.sh "$here/.build/release/dlrepl"
