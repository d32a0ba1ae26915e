#!/usr/bin/env bash
# The interpreter beside CPython (not a test): a scalar loop, recursive calls
# and building makemore's context windows, medians of REPS interleaved runs.
# Usage: bench/interp.sh [REPS]     (builds release)
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product dlrepl >&2
python3 bench/interp_table.py .build/release/dlrepl "${1:-5}"
