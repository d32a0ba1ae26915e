#!/usr/bin/env bash
# Starts dlrepl (release build); arguments go to dlrepl, e.g. ./run.sh run examples/linear_regression.dl
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
"$here/scripts/ensure-deps.sh" libreadline-dev libncurses-dev zlib1g-dev
swift build -c release --package-path "$here" --product dlrepl >&2
exec "$here/.build/release/dlrepl" "$@"
