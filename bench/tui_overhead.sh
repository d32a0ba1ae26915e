#!/usr/bin/env bash
# Trains the moons model with the notebook screen open (in tmux) and headless
# (dlrepl run), 5 times each, and prints the median seconds of each.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=.build/release/dlrepl
code='data = dataset("moons", n: 2000, noise: 0.1, seed: 1)
model m { input(2); dense(32); tanh(); dense(32); tanh(); dense(2) }
t0 = clock(); h = fit(m, data, epochs: 200, batch: 16, seed: 0); print("seconds", clock() - t0)'
tmp="$(mktemp -d)"; t="tmux -L dlrepl-bench"
trap '$t kill-server 2>/dev/null; rm -rf "$tmp"' EXIT
printf '%s\n' "$code" > "$tmp/moons.dl"
headless=(); screen=()
for run in 1 2 3 4 5; do
  headless+=("$($bin run "$tmp/moons.dl" | awk '$1=="seconds" {print $2}')")
  $t kill-server 2>/dev/null || true; sleep 0.2
  # A fresh data directory each time, so no restore question is asked.
  $t new-session -d -s b -x 160 -y 50 "env XDG_DATA_HOME=$tmp/data$run $bin"
  sleep 0.5
  while IFS= read -r line; do $t send-keys -t b "$line" Enter; done <<< "$code"
  for _ in $(seq 600); do
    s="$($t capture-pane -p -t b | grep -o 'seconds [0-9.e-]*' || true)"
    [ -n "$s" ] && break; sleep 0.1
  done
  screen+=("${s#seconds }")
done
median() { printf '%s\n' "$@" | sort -g | sed -n 3p; }
h="$(median "${headless[@]}")"; s="$(median "${screen[@]}")"
awk -v a="$h" -v b="$s" 'BEGIN {printf "moons MLP, 200 epochs × 125 steps, median of 5: headless %.2f s, with the screen %.2f s (%+.1f%%)\n", a, b, (b - a) / a * 100}'
