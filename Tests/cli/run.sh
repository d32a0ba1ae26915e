#!/usr/bin/env bash
# Command-line and REPL tests against the real binary: `dlrepl run`, `-e`,
# piped stdin, and the readline REPL driven through tmux.
# Usage: Tests/cli/run.sh path/to/dlrepl [path/to/release/dlrepl]
# The whole course's check trains every lesson's networks (MNIST among them),
# which takes minutes in a debug build: it runs with the second binary, the
# optimised one, when given.
set -uo pipefail
bin="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
fast="$bin"
if [ $# -ge 2 ]; then fast="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"; fi
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'tmux -L dlrepl-test kill-server 2>/dev/null; rm -rf "$work"' EXIT
passed=0; failed=0

check() {  # check NAME CONDITION-RESULT DETAIL
  if [ "$2" = 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $1"; echo "$3" | sed 's/^/    /'; fi
}
contains() { case "$1" in *"$2"*) return 0;; *) return 1;; esac; }

# --- dlrepl run ---
out="$("$bin" run "$here/ok.dl" 2>&1)"; rc=$?
check "run ok.dl exits 0" $rc "$out"
[ "$out" = "$(printf '5\n[2, 4]\n')" ]; check "run prints only print output" $? "$out"

out="$("$bin" run "$here/fails.dl" 2>"$work/err")"; rc=$?
[ $rc = 1 ]; check "run exits 1 on the first error" $? "rc=$rc"
[ "$out" = "before" ]; check "run stops at the first error" $? "$out"
grep -q "^error: cannot multiply \[2\] @ \[3\]: inner sizes 2 and 3 differ$" "$work/err"; check "run reports the error" $? "$(cat "$work/err")"
grep -q -- "--> .*fails.dl:3:7$" "$work/err"; check "run gives file, line and column" $? "$(cat "$work/err")"

out="$("$bin" run "$work/missing.dl" 2>&1)"; rc=$?
[ $rc = 1 ] && contains "$out" "cannot open" && contains "$out" "No such file"; check "run on a missing file" $? "$out"

out="$("$bin" run "$here/parse_errors.dl" 2>&1)"; rc=$?
[ $rc = 1 ] && [ "$(grep -c '^error:' <<< "$out")" = 2 ] && ! contains "$out" "not printed"
check "parse errors: each reported once, nothing runs" $? "$out"

# --- `for i in range(n)` counts without making a list: ten million steps in constant memory ---
out="$("$fast" -e 's = 0; for i in range(10000000) { s = s + i }; print(s); print(text("/proc/self/status").text)' 2>&1)"; rc=$?
hwm="$(awk '/^VmHWM:/ {print $2}' <<< "$out")"
[ $rc = 0 ] && contains "$out" "49999995000000" && [ -n "$hwm" ] && [ "$hwm" -lt 60000 ]
check "for over range(10000000) peaks under 60 MB (VmHWM ${hwm:-?} kB)" $? "$(head -3 <<< "$out")"

# --- files: a pipe is refused, not waited on; only regular files are replaced ---
mkfifo "$work/fifo"
out="$(timeout 10 "$bin" run "$work/fifo" 2>&1)"; rc=$?
[ $rc = 1 ] && contains "$out" "it is a pipe (FIFO), not a file"; check "run on a FIFO is refused at once" $? "rc=$rc $out"
echo keep > "$work/real.dlm"; ln -s real.dlm "$work/link.dlm"
targets=("$work/fifo" "$work/link.dlm")
if [ "$(id -u)" = 0 ] && mknod "$work/null" c 1 3; then targets+=("$work/null"); fi
for t in "${targets[@]}"; do
  before="$(stat -c %F "$t")"
  out="$("$bin" -e "model m { input(2); dense(1) }
save(m, \"$t\")
export(m, \"pytorch\", \"$t\")" 2>&1)"
  if [ -L "$t" ]; then
    [ "$(stat -c %F "$t")" = "symbolic link" ] && [ "$(stat -c %F "$work/real.dlm")" = "regular file" ] && contains "$out" "wrote"
    check "save and export write through a symlink and keep it" $? "$out"
  else
    [ "$(stat -c %F "$t")" = "$before" ] && contains "$out" "only a file is replaced"
    check "save and export refuse $before and leave it as it was" $? "$(stat -c %F "$t"): $out"
  fi
done

# --- SIGTERM and SIGHUP: what was printed reaches a file or a pipe ---
printf 'print("hello")\nwhile true { x = 1 }\n' > "$work/forever.dl"
timeout 2 "$bin" run "$work/forever.dl" > "$work/term.txt" 2>/dev/null
[ "$(cat "$work/term.txt")" = hello ]; check "run: printed output survives SIGTERM" $? "$(cat "$work/term.txt")"
timeout -s HUP 2 "$bin" -e 'print("hi")
while true { x = 1 }' > "$work/hup.txt" 2>/dev/null
[ "$(cat "$work/hup.txt")" = hi ]; check "-e: printed output survives SIGHUP" $? "$(cat "$work/hup.txt")"
out="$(printf 'print("hey")\nwhile true { x = 1 }\n' | timeout 2 "$bin" 2>/dev/null)"
[ "$out" = hey ]; check "stdin: printed output survives SIGTERM into a pipe" $? "$out"

# --- dlrepl --help ---
out="$("$bin" --help 2>/dev/null)"; rc=$?
[ $rc = 0 ] && contains "$out" "A terminal notebook for learning deep learning" && contains "$out" "dlrepl --plain" \
  && contains "$out" "dlrepl -e 'CODE'" && contains "$out" "dlrepl run FILE.dl"
check "--help shows --plain, -e and run, on standard output" $? "rc=$rc $out"

# --- a notebook argument: a program is not opened as one, nor is a notebook lost without a screen ---
printf 'x = 1\n' > "$work/prog.dl"
out="$("$bin" "$work/prog.dl" 2>&1 < /dev/null)"; rc=$?
[ $rc != 0 ] && contains "$out" "prog.dl is a program, not a notebook" && contains "$out" "dlrepl run" && [ "$(cat "$work/prog.dl")" = "x = 1" ]
check "dlrepl FILE.dl points to dlrepl run and leaves the file as it was" $? "rc=$rc $out"
contains "$out" "Usage: dlrepl                  the notebook screen" && ! contains "$out" "Usage: dlrepl start"
check "an argument error shows dlrepl's usage, not the hidden start command's" $? "$out"
out="$("$bin" --bogus 2>&1 < /dev/null)"; rc=$?
[ $rc != 0 ] && contains "$out" "Unknown option '--bogus'" && contains "$out" "See 'dlrepl --help'" && ! contains "$out" "dlrepl start"
check "an unknown option points at dlrepl --help, not the hidden start command's help" $? "rc=$rc $out"
out="$("$bin" lesson 2>&1)"; rc=$?
[ $rc != 0 ] && contains "$out" "See 'dlrepl lesson --help'"
check "a subcommand's argument error still points at that subcommand's help" $? "rc=$rc $out"
out="$(echo 'print(1)' | "$bin" "$work/notes.md" 2>&1)"; rc=$?
[ $rc = 1 ] && contains "$out" "notes.md is a notebook, which needs a terminal" && [ ! -e "$work/notes.md" ]
check "a notebook argument with piped input is an error, not ignored" $? "rc=$rc $out"
out="$("$bin" --plain "$work/notes.md" 2>&1 < /dev/null)"; rc=$?
[ $rc != 0 ] && contains "$out" "a notebook opens in the full screen, not with --plain" && [ ! -e "$work/notes.md" ]
check "--plain with a notebook argument is an error, not ignored" $? "rc=$rc $out"

# --- dlrepl -e ---
out="$("$bin" -e 'print(1 + 1); 2 * 3; x = 4' 2>&1)"; rc=$?
[ $rc = 0 ] && [ "$out" = "$(printf '2\n6')" ]; check "-e prints and shows bare values" $? "$out"
out="$("$bin" -e '1 +* 2' 2>&1)"; rc=$?
[ $rc = 1 ] && contains "$out" "error: expected a value"; check "-e exits 1 on an error" $? "$out"

# --- piped stdin: the session goes on after an error ---
out="$(printf 'x = 2\nprint(x)\nprint(y)\nfor i in range(2) {\n  print(x * i)\n}\nx\n' | "$bin" 2>&1)"; rc=$?
expected="$(printf '2\nerror: undefined name '"'"'y'"'"'\n  --> <stdin>:3:7\n   |\n 3 | print(y)\n   |       ^\n0\n2\n2')"
[ "$out" = "$expected" ] && [ $rc = 1 ]; check "stdin session continues after an error" $? "$out"

out="$("$bin" --help 2>&1)"; contains "$out" "USAGE"; check "--help" $? "$out"

# --- lessons: listing, plain mode, progress, the checker ---
lx="$work/lessons-data"
out="$(XDG_DATA_HOME="$lx" "$bin" lessons 2>&1)"; rc=$?
[ $rc = 0 ] && [ "$(head -1 <<< "$out" | tr -s ' ')" = "tensors Tensors, shapes and broadcasting new" ]
check "lessons lists the course, all new" $? "$out"
out="$(printf 'x = tensor([[1, 2, 3], [4, 5, 6]])\nx = tensor([[1, 2], [3, 4], [5, 6]])\nanswer("a")\nhint()\nsolution()\nanswer("b")\n' | XDG_DATA_HOME="$lx" "$bin" lesson tensors 2>&1)"; rc=$?
[ $rc = 0 ] && grep -q '^step 1/[0-9]* · A matrix of your own$' <<< "$out" && grep -q '^✓ ' <<< "$out" && grep -q '^✗ ' <<< "$out" \
  && grep -q '^step 3/' <<< "$out" && contains "$out" "$(printf 'solution:\n    answer("b")\n\n')"
check "lesson in plain mode: steps, ✓, ✗, solution, exit 0 at end of input" $? "$out"
out="$(XDG_DATA_HOME="$lx" "$bin" lessons 2>&1)"
grep -Eq '^tensors +Tensors, shapes and broadcasting +2/[0-9]+$' <<< "$out"; check "lessons shows steps finished" $? "$out"
out="$(printf 'print("m is", m[0, 0])\nskip()\nskip()\nskip()\nskip()\n' | XDG_DATA_HOME="$lx" "$bin" lesson tensors --plain 2>&1)"
contains "$out" "m is 1" && grep -q '^lesson complete: tensors$' <<< "$out"
check "reopening resumes with earlier steps' state restored; skipping to the end completes" $? "$out"
out="$(XDG_DATA_HOME="$lx" "$bin" lessons 2>&1)"
grep -Eq '^tensors +Tensors, shapes and broadcasting +done$' <<< "$out"; check "a finished lesson is done" $? "$out"
out="$("$bin" lesson no-such-lesson 2>&1)"; rc=$?
[ $rc = 1 ] && contains "$out" "error: no lesson 'no-such-lesson'"; check "an unknown lesson ID is a clear error" $? "$out"
cp "$lx/dlrepl/progress.txt" "$work/progress.good"; echo "not a progress file" > "$lx/dlrepl/progress.txt"
out="$(XDG_DATA_HOME="$lx" "$bin" lessons 2>&1)"; rc=$?
[ $rc = 1 ] && contains "$out" "is damaged (line 1" && [ "$(cat "$lx/dlrepl/progress.txt")" = "not a progress file" ]
check "a corrupt progress file: a clear error, and the file is kept" $? "$out"
out="$(echo 'skip()' | XDG_DATA_HOME="$lx" "$bin" lesson tensors 2>&1)"; rc=$?
[ $rc = 0 ] && contains "$out" "is damaged" && [ "$(cat "$lx/dlrepl/progress.txt")" = "not a progress file" ]
check "a lesson with a corrupt progress file runs, and does not overwrite it" $? "$out"
mkdir -p "$work/broken"
printf -- '---\nid: broken\ntitle: Broken\npart: 1 X\n---\nsetup: x = 3\n\n## task: Already\ncheck: x == 3\nsolution: y = 1\nhint: h\n\n## number: Loose\nanswer: 1\ntolerance: 5\nhint: h\n' > "$work/broken/01-broken.md"
out="$(DLREPL_LESSONS="$work/broken" "$bin" lessons --check 2>/dev/null)"; rc=$?
[ $rc = 1 ] && [ "$(wc -l <<< "$out")" = 2 ] && contains "$out" "01-broken.md:9: broken step 1/2 (Already): the check passes before the solution runs" \
  && contains "$out" "a wrong answer (2) is accepted"
check "lessons --check reports a broken lesson, one line per failure" $? "$out"
printf -- '---\nid: broken\ntitle: Broken\npart: 1 X\n---\n## tsak: Typo\n' > "$work/broken/01-broken.md"
out="$(DLREPL_LESSONS="$work/broken" "$bin" lessons 2>&1)"; rc=$?
[ $rc = 1 ] && contains "$out" "01-broken.md:6: unknown step kind 'tsak'"; check "a malformed lesson file is an error with file:line" $? "$out"
out="$(DLREPL_LESSONS="$work/no-such-folder" "$bin" lessons 2>&1)"; rc=$?
[ $rc = 1 ] && contains "$out" "DLREPL_LESSONS is \"$work/no-such-folder\", which is not a folder"
check "a DLREPL_LESSONS that is no folder is an error, not the checkout's lessons" $? "$out"
out="$(echo 'help("lessons")' | "$bin" 2>&1)"; rc=$?
[ $rc = 0 ] && contains "$out" "hint()             the next hint" && contains "$out" "skip()             runs the reference solution"
check "help(\"lessons\") explains the lesson commands in any session" $? "$out"
out="$(XDG_DATA_HOME="$work/e-data" "$bin" -e 'lessons()' 2>&1)"; rc=$?
# One line per lesson file of the checkout's course.
count=$(ls "$here/../../lessons"/[0-9]*.md | wc -l)
[ $rc = 0 ] && [ "$(wc -l <<< "$out")" = "$count" ] && grep -Eq '^digits +Putting it together +new$' <<< "$out"
check "lessons() lists the course in a session" $? "$out"
start=$(date +%s)
out="$("$fast" lessons --check 2>&1)"; rc=$?
[ $rc = 0 ]; check "lessons --check: every lesson of the course checks ($(( $(date +%s) - start )) s)" $? "$out"

# --- piped stdin: Ctrl-C stops the running statement, the session goes on ---
printf 'print("start")\nwhile true { x = 1 }\nprint("after")\n' > "$work/loop.dl"
# A background job of a script starts with SIGINT ignored: env gives it back its default, as in a terminal.
env --default-signal=INT "$bin" < "$work/loop.dl" > "$work/int.out" 2>&1 & pid=$!
( sleep 20; kill -KILL $pid 2>/dev/null ) & watchdog=$!
for _ in $(seq 50); do grep -q start "$work/int.out" && break; sleep 0.1; done; sleep 0.3
kill -INT $pid; wait $pid; rc=$?; kill $watchdog 2>/dev/null
out="$(cat "$work/int.out")"
[ $rc = 1 ] && contains "$out" "error: interrupted" && [ "$(tail -1 <<< "$out")" = after ]
check "stdin: SIGINT interrupts the running statement with a message, the session goes on" $? "rc=$rc $out"

# --- deep input is an error on the main thread's 8 MiB stack, piped or run ---
{ echo 'x = ones(2, 3)'; seq 2437 | sed 's/.*/1/' | paste -sd+; printf 'x'; printf '.T%.0s' $(seq 3000); echo; echo 'print("alive")'; } > "$work/chains.dl"
out="$("$bin" < "$work/chains.dl" 2>&1)"; rc=$?
[ $rc = 1 ] && [ "$(grep -c '^error: this expression is too long a chain' <<< "$out")" = 2 ] && [ "$(tail -1 <<< "$out")" = alive ]
check "stdin: a 2,437-term sum and 3,000 chained .T are errors, the session goes on" $? "rc=$rc $(head -c 600 <<< "$out")"
printf 'fn f(n) {\n  if n == 0 { return 0 }\n  return 1 + (2 + (3 + (4 + (5 + (6 + (7 + (8 + f(n - 1))))))))\n}\nprint(f(199))\n' > "$work/deep.dl"
out="$("$bin" run "$work/deep.dl" 2>&1)"; rc=$?
[ $rc = 1 ] && { contains "$out" "error: this is nested too deeply to evaluate" || contains "$out" "error: too many nested calls"; }
check "run: deep recursion of deep expressions is an error, not a crash" $? "rc=$rc $(head -c 600 <<< "$out")"
out="$("$bin" < "$work/deep.dl" 2>&1)"; rc=$?
[ $rc = 1 ] && contains "$out" "error: "; check "stdin: the same recursion is an error" $? "rc=$rc $(head -c 600 <<< "$out")"

# --- show: block shades in a UTF-8 locale, ASCII shades elsewhere ---
out="$(LC_ALL= LC_CTYPE= LANG=C.UTF-8 "$bin" -e 'show(reshape(arange(4), 1, 4))' 2>&1)"
[ "$out" = "$(printf '  \xe2\x96\x91\xe2\x96\x91\xe2\x96\x93\xe2\x96\x93\xe2\x96\x88\xe2\x96\x88\n0 [ \xe2\x96\x91\xe2\x96\x92\xe2\x96\x93\xe2\x96\x88] 3')" ]
check "show in a UTF-8 locale draws block shades" $? "$out"
out="$(LC_ALL=C "$bin" -e 'show(reshape(arange(4), 1, 4))' 2>&1)"
[ "$out" = "$(printf '  --**@@\n0 [ .:-=+*#%%@] 3')" ]
check "show where the locale is not UTF-8 draws ASCII shades" $? "$out"

# --- DLREPL_ELEMENT_LIMIT holds in every front end (the screen and --plain: below, in tmux) ---
lim="$work/limit.dl"; printf 'x = zeros(5000)\n' > "$lim"
out="$(DLREPL_ELEMENT_LIMIT=1000 "$bin" run "$lim" 2>&1)"; rc=$?
[ $rc = 1 ] && contains "$out" "too large"; check "[run] DLREPL_ELEMENT_LIMIT=1000 refuses zeros(5000)" $? "$out"
out="$(DLREPL_ELEMENT_LIMIT=1000 "$bin" -e 'x = zeros(5000)' 2>&1)"; rc=$?
[ $rc = 1 ] && contains "$out" "too large"; check "[-e] DLREPL_ELEMENT_LIMIT=1000 refuses zeros(5000)" $? "$out"
out="$(printf 'x = zeros(5000)\n' | DLREPL_ELEMENT_LIMIT=1000 "$bin" 2>&1)"; rc=$?
[ $rc = 1 ] && contains "$out" "too large"; check "[stdin] DLREPL_ELEMENT_LIMIT=1000 refuses zeros(5000)" $? "$out"
out="$(printf 'x = zeros(5000)\n' | XDG_DATA_HOME="$work/limit" DLREPL_ELEMENT_LIMIT=1000 "$bin" lesson tensors 2>&1)"
contains "$out" "step 1/" && contains "$out" "too large"; check "[lesson] DLREPL_ELEMENT_LIMIT=1000 refuses zeros(5000)" $? "$out"
out="$(DLREPL_ELEMENT_LIMIT=1000 "$bin" run "$here/ok.dl" 2>&1)"; rc=$?
[ $rc = 0 ]; check "[run] a program under the limit still runs" $? "$out"

# --- the readline REPL in tmux ---
if command -v tmux >/dev/null; then
  export XDG_DATA_HOME="$work/data"
  t="tmux -L dlrepl-test"
  # A server of the same name started right after kill-server can crash: let it go first.
  stop_server() { $t kill-server 2>/dev/null; for _ in $(seq 20); do $t has-session 2>/dev/null || break; sleep 0.05; done; sleep 0.2; }
  screen() { $t capture-pane -p -t repl; }
  wait_for() {  # wait_for TEXT: up to 5 s
    for _ in $(seq 50); do contains "$(screen)" "$1" && return 0; sleep 0.1; done; return 1
  }
  wait_quit() {  # until the program in the session has exited: up to 5 s
    for _ in $(seq 50); do $t has-session -t repl 2>/dev/null || break; sleep 0.1; done
  }
  for term in xterm-256color dumb; do
    stop_server
    $t new-session -d -s repl -x 90 -y 30 "env TERM=$term XDG_DATA_HOME=$XDG_DATA_HOME $bin --plain"
    wait_for "dl>"; check "[$term] REPL shows a prompt" $? "$(screen)"
    $t send-keys -t repl 'x = 41' Enter 'x + 1' Enter
    wait_for "42"; check "[$term] REPL shows a bare value" $? "$(screen)"
    $t send-keys -t repl 'print(soft' Tab
    wait_for "print(softmax"; check "[$term] Tab completes a builtin" $? "$(screen)"
    $t send-keys -t repl C-u 'sum(x, ke' Tab
    wait_for "sum(x, keepdims:"; check "[$term] Tab completes a keyword argument" $? "$(screen)"
    $t send-keys -t repl C-u 'for i in range(2) {' Enter
    wait_for "..."; check "[$term] open brace continues the input" $? "$(screen)"
    $t send-keys -t repl 'print("row", i)' Enter '}' Enter
    wait_for "row 1"; check "[$term] a multi-line loop runs" $? "$(screen)"
    $t send-keys -t repl 'y = x @ x' Enter
    wait_for "error: cannot multiply"; check "[$term] errors are reported and the REPL goes on" $? "$(screen)"
    $t send-keys -t repl 'while true { x = 1 }' Enter
    sleep 0.5; $t send-keys -t repl C-c
    wait_for "error: interrupted"; check "[$term] Ctrl-C interrupts a running loop" $? "$(screen)"
    $t send-keys -t repl 'print("alive")' Enter
    wait_for "alive"; check "[$term] the session survives Ctrl-C" $? "$(screen)"
    $t send-keys -t repl C-l 'model m { input(2); dense(64); relu(); dense(2) }' Enter
    $t send-keys -t repl 'h = fit(m, dataset("moons", n: 2000), epochs: 1000, batch: 8)' Enter
    wait_for "epoch 2/1000  loss"; check "[$term] fit prints a line per epoch" $? "$(screen)"
    if [ "$term" != dumb ]; then
      wait_for "ETA"; check "[$term] fit draws a progress bar with an ETA" $? "$(screen)"
    fi
    $t send-keys -t repl C-c
    wait_for "fit interrupted at epoch"; check "[$term] Ctrl-C stops fit and keeps the weights" $? "$(screen)"
    $t send-keys -t repl C-l 'print("epochs", h.epochs > 0, all(m.layers[0].weight == m.layers[0].weight))' Enter
    wait_for "epochs true true"; check "[$term] the interrupted fit returned its history" $? "$(screen)"
    $t send-keys -t repl C-d
    wait_quit
    ! $t has-session -t repl 2>/dev/null; check "[$term] Ctrl-D quits" $? "$(screen 2>&1)"
  done
  stop_server
  $t new-session -d -s repl -x 90 -y 30 "env DLREPL_ELEMENT_LIMIT=1000 XDG_DATA_HOME=$work/limit-plain $bin --plain"
  wait_for "dl>"
  $t send-keys -t repl 'x = zeros(5000)' Enter
  wait_for "too large"; check "[--plain] DLREPL_ELEMENT_LIMIT=1000 refuses zeros(5000)" $? "$(screen)"
  $t send-keys -t repl C-d; wait_quit
  grep -qx 'x = 41' "$XDG_DATA_HOME/dlrepl/history"; check "history is saved in the XDG data directory" $? "$(cat "$XDG_DATA_HOME/dlrepl/history" 2>&1)"
  # History comes back in a new session.
  $t new-session -d -s repl -x 90 -y 30 "env XDG_DATA_HOME=$XDG_DATA_HOME $bin --plain"
  wait_for "dl>"
  $t send-keys -t repl Up
  wait_for "dl> exit" || wait_for "print(\"epochs\""; check "history is recalled with Up" $? "$(screen)"
  $t send-keys -t repl C-u C-r 'x = 4'
  wait_for "x = 41"; check "history is searched with Ctrl-R" $? "$(screen)"
  stop_server

  # --- the full-screen notebook ---
  export XDG_DATA_HOME="$work/tui"
  nb="$work/notes.md"
  for term in xterm-256color xterm; do
    stop_server
    rm -rf "$XDG_DATA_HOME" "$nb"
    $t new-session -d -s repl -x 132 -y 43 "env TERM=$term LANG=C.UTF-8 XDG_DATA_HOME=$XDG_DATA_HOME $bin $nb"
    wait_for "dlrepl · notes.md"; check "[$term tui] the notebook screen opens" $? "$(screen)"
    $t send-keys -t repl 'data = dataset("moons", n: 400, noise: 0.1, seed: 1)' Enter
    $t send-keys -t repl 'model m {' Enter 'input(2)' Enter 'dense(16)' Enter 'tanh()' Enter 'dense(2)' Enter '}' Enter
    $t send-keys -t repl 'h = fit(m, data, epochs: 100000, batch: 8)' Enter
    wait_for "steps/s"; check "[$term tui] fit shows live progress" $? "$(screen)"
    s="$(screen)"
    # Braille patterns are U+2800–U+28FF: bytes E2 A0–A3 in UTF-8.
    contains "$s" "┌ loss" && contains "$s" "epoch" && echo "$s" | LC_ALL=C grep -q $'\xe2[\xa0-\xa3]'
    check "[$term tui] the loss chart is drawn in braille" $? "$s"
    contains "$s" "model m" && contains "$s" "dense" && contains "$s" "|∇W|" && contains "$s" "% sat"
    check "[$term tui] the model panel shows layers and live statistics" $? "$s"
    contains "$s" "decision boundary"; check "[$term tui] the decision boundary is shown" $? "$s"
    $t resize-window -t repl -x 100 -y 30; sleep 0.5
    s="$(screen)"; contains "$s" "steps/s" && ! contains "$s" "too small"
    check "[$term tui] resizing during training keeps the screen whole" $? "$s"
    $t resize-window -t repl -x 50 -y 12; sleep 0.5
    wait_for "need 60×15"; check "[$term tui] a tiny terminal gets one line" $? "$(screen)"
    $t resize-window -t repl -x 132 -y 43; sleep 0.3
    $t send-keys -t repl C-c
    wait_for "fit interrupted at epoch"; check "[$term tui] Ctrl-C stops training, the program lives" $? "$(screen)"
    $t send-keys -t repl 'print("after", h.epochs > 0)' Enter
    wait_for "after true"; check "[$term tui] cells run after the interruption" $? "$(screen)"
    $t send-keys -t repl 'backprop(m, data.x[0:2], data.y[0:2])' Enter
    wait_for "forward path"; s="$(screen)"; contains "$s" "step 1/" && contains "$s" "crossentropy"
    check "[$term tui] backprop opens the stepper at step 1" $? "$s"
    $t send-keys -t repl n n
    wait_for "step 3/"; check "[$term tui] n steps the backward pass" $? "$(screen)"
    $t send-keys -t repl q
    sleep 0.3; ! contains "$(screen)" "forward path"; check "[$term tui] q leaves the stepper" $? "$(screen)"
    $t send-keys -t repl C-s
    wait_for "saved $nb"; check "[$term tui] Ctrl-S saves the notebook" $? "$(screen)"
    grep -q '^```dl$' "$nb" && grep -q 'print("after", h.epochs > 0)' "$nb" && grep -q '^after true$' "$nb"
    check "[$term tui] the notebook file holds cells and outputs" $? "$(cat "$nb" 2>&1)"
    $t send-keys -t repl C-d
    wait_quit
    ! $t has-session -t repl 2>/dev/null; check "[$term tui] Ctrl-D quits" $? "$(screen 2>&1)"
  done

  # At 80×24, without colours: the loss chart below the notebook, F8 for the other panels.
  stop_server
  $t new-session -d -s repl -x 80 -y 24 "env NO_COLOR=1 TERM=xterm-256color LANG=C.UTF-8 XDG_DATA_HOME=$work/narrow $bin"
  wait_for "dlrepl · notebook"
  $t send-keys -t repl 'data = dataset("moons", n: 400, noise: 0.1, seed: 1)' Enter
  $t send-keys -t repl 'model m { input(2); dense(16); tanh(); dense(2); softmax() }' Enter
  $t send-keys -t repl 'h = fit(m, data, epochs: 100000, batch: 8)' Enter
  wait_for "steps/s"; s="$(screen)"
  contains "$s" "┌ loss · F8 next panel" && echo "$s" | LC_ALL=C grep -q $'\xe2[\xa0-\xa3]' && contains "$s" "lr 0.001"
  check "[tui 80x24] fit shows the loss chart and the learning rate" $? "$s"
  $t send-keys -t repl F8; sleep 0.4; s="$(screen)"
  contains "$s" "model m" && contains "$s" "|∇W|" && contains "$s" "upd/W" && ! contains "$s" "…"
  check "[tui 80x24] F8 shows the model panel with whole columns" $? "$s"
  $t send-keys -t repl F8; sleep 0.6; s="$(screen)"
  contains "$s" "decision boundary" && echo "$s" | grep -q "[▓▒░]" && ! contains "$s" "█"
  check "[tui 80x24] without colours the boundary is drawn in shades" $? "$s"
  $t send-keys -t repl C-c
  wait_for "fit interrupted"
  $t send-keys -t repl 'h2 = fit(m, data, epochs: 2, verbose: false)' Enter 'print("quiet", len(h2.loss))' Enter
  wait_for "quiet 2"; ! contains "$(screen)" "trained 2 epochs"
  check "[tui 80x24] verbose: false writes nothing into the cell" $? "$(screen)"
  # A loop written by hand: its tracked series are charted live, without a fit.
  $t send-keys -t repl 'i = 0; while true { i += 1; track(d_loss: 1 / i, g_loss: 1 - 1 / (i + 1)) }' Enter
  wait_for "┌ tracked"; s="$(screen)"
  contains "$s" "── g_loss" && contains "$s" "d_loss" && echo "$s" | LC_ALL=C grep -q $'\xe2[\xa0-\xa3]'
  check "[tui 80x24] track() draws its series live, named in the legend" $? "$s"
  $t send-keys -t repl C-c
  wait_for "interrupted"
  # Ctrl-C lands between statements or at a call, so i may be one ahead of the points.
  $t send-keys -t repl 'n = len(tracked("d_loss")); print("points", n > 10, n == len(tracked("g_loss")), abs(n - i) <= 1)' Enter
  wait_for "points true true true"; check "[tui 80x24] tracked() reads back every point after Ctrl-C" $? "$(screen)"
  stop_server

  # --- a lesson in the line REPL, with readline ---
  stop_server
  $t new-session -d -s repl -x 90 -y 30 "env TERM=xterm-256color XDG_DATA_HOME=$work/lesson-plain $bin lesson tensors --plain"
  wait_for "step 1/6 · A matrix of your own"; s="$(screen)"; contains "$s" "dl>"
  check "[lesson plain] --plain runs the lesson at a dl> prompt" $? "$s"
  $t send-keys -t repl 'solution()' Enter
  wait_for "    x = tensor([[1, 2], [3, 4], [5, 6]])"; check "[lesson plain] solution() shows the reference, indented" $? "$(screen)"
  $t send-keys -t repl 'skip()' Enter
  wait_for "step 2/6 · Indexing"; check "[lesson plain] skip() runs it and moves on" $? "$(screen)"
  $t send-keys -t repl C-d
  wait_quit
  out="$(XDG_DATA_HOME="$work/lesson-plain" "$bin" lessons 2>&1)"
  grep -Eq '^tensors +Tensors, shapes and broadcasting +1/6$' <<< "$out"; check "[lesson plain] a skipped step counts as finished" $? "$out"

  # --- a lesson in the screen, as a learner takes it (80×24) ---
  stop_server
  lt="$work/lesson-tui"
  $t new-session -d -s repl -x 80 -y 24 "env TERM=xterm-256color LANG=C.UTF-8 XDG_DATA_HOME=$lt $bin lesson tensors"
  wait_for "step 1/6 · A matrix of your own"; s="$(screen)"
  contains "$s" "lesson 1/" && contains "$s" "F3 hint"; check "[lesson tui] the lesson pane shows step 1 above the notebook" $? "$s"
  $t send-keys -t repl 'x = tensor([[1, 2, 3], [4, 5, 6]])' Enter
  wait_for "✗ not yet: x is 2×3"; check "[lesson tui] a wrong attempt is diagnosed" $? "$(screen)"
  $t send-keys -t repl F3
  # The hints' wording is the lesson's (rewritten often): the first of them is shown.
  wait_for "hint 1/"; check "[lesson tui] F3 shows a hint" $? "$(screen)"
  $t send-keys -t repl 'x = tensor([[1, 2], [3, 4], [5, 6]])' Enter
  wait_for "step 2/6 · Indexing"; s="$(screen)"; contains "$s" "✓ x.shape is [3, 2]"
  check "[lesson tui] the passed step gets a ✓ and the next step appears" $? "$s"
  $t send-keys -t repl 'answer("a")' Enter
  wait_for "✗ a is not it"; check "[lesson tui] a wrong answer gets a ✗" $? "$(screen)"
  $t send-keys -t repl F3
  wait_for "hint 1/2: Row 1 is the second row"; check "[lesson tui] F3 gives the hint for this step" $? "$(screen)"
  $t send-keys -t repl 'answer("b")' Enter
  wait_for "step 3/6 · The matrix product"; check "[lesson tui] a right answer moves on" $? "$(screen)"
  $t send-keys -t repl C-d
  wait_quit
  stop_server
  $t new-session -d -s repl -x 80 -y 24 "env TERM=xterm-256color LANG=C.UTF-8 XDG_DATA_HOME=$lt $bin"
  wait_for "Press Enter to continue lesson 1 · tensors"; check "[lesson tui] a later start offers to continue the lesson" $? "$(screen)"
  $t send-keys -t repl Enter
  wait_for "step 3/6 · The matrix product"; s="$(screen)"; contains "$s" "Resuming at step 3/6"
  check "[lesson tui] Enter resumes at the first unfinished step" $? "$s"
  $t send-keys -t repl 'print("rows", x.shape[0], "m", m[1, 2])' Enter
  wait_for "rows 3 m 6"; check "[lesson tui] the earlier steps' names are restored" $? "$(screen)"
  $t send-keys -t repl 'answer(22)' Enter
  wait_for "step 4/6"; check "[lesson tui] the restored state answers the next step" $? "$(screen)"
  $t send-keys -t repl F4
  wait_for "solution:"; contains "$(screen)" '    answer("'; check "[lesson tui] F4 shows the solution" $? "$(screen)"
  $t send-keys -t repl F5
  wait_for "step 5/6"; check "[lesson tui] F5 skips to the next step" $? "$(screen)"
  $t send-keys -t repl F6
  wait_for "step 4/6"; check "[lesson tui] F6 goes back a step" $? "$(screen)"
  $t send-keys -t repl C-d
  wait_quit
  out="$(XDG_DATA_HOME="$lt" "$bin" lessons 2>&1)"
  grep -Eq '^tensors +Tensors, shapes and broadcasting +4/6$' <<< "$out"; check "[lesson tui] progress is saved after every step" $? "$out"
  stop_server
  $t new-session -d -s repl -x 80 -y 24 "env TERM=xterm-256color LANG=C.UTF-8 XDG_DATA_HOME=$work/first $bin"
  wait_for "New here? Press Enter to start the course"; check "[lesson tui] the first start offers the course" $? "$(screen)"
  stop_server

  # --- at 80×24 the lesson's step stays reachable after a cell that calls track(...) ---
  wait_long() {  # wait_long TEXT: up to 90 s (skip() trains the earlier steps' networks)
    for _ in $(seq 900); do contains "$(screen)" "$1" && return 0; sleep 0.1; done; return 1
  }
  for term in xterm-256color screen; do
    for case in "vae 4 5" "reinforcement 2 3"; do
      read -r lesson skips step <<< "$case"
      stop_server
      $t new-session -d -s repl -x 80 -y 24 "env TERM=$term LANG=C.UTF-8 XDG_DATA_HOME=$work/track-$term-$lesson $bin lesson $lesson"
      wait_for "step 1/"
      for _ in $(seq "$skips"); do $t send-keys -t repl 'skip()' Enter; done
      wait_long "step $step/"
      $t send-keys -t repl 'track(loss: 1)' Enter
      wait_long "track(loss: 1)"; sleep 1; s="$(screen)"
      contains "$s" "· $lesson ·" && contains "$s" "step $step/" && contains "$s" "F8 chart"
      check "[$term 80x24 $lesson] after a cell that calls track(...), the step's text is on screen" $? "$s"
      $t send-keys -t repl F8; sleep 0.5; s="$(screen)"
      contains "$s" "┌ tracked · F8 next panel" && ! contains "$s" "step $step/"
      check "[$term 80x24 $lesson] F8 shows the tracked chart" $? "$s"
      $t send-keys -t repl F8; sleep 0.5
      contains "$(screen)" "step $step/"; check "[$term 80x24 $lesson] F8 brings the step back" $? "$(screen)"
      $t send-keys -t repl C-Down C-Down; sleep 0.5; s="$(screen)"
      contains "$s" "step $step/" && contains "$s" "Ctrl-↑ back"
      check "[$term 80x24 $lesson] Ctrl-↓ scrolls the step's text" $? "$s"
      $t send-keys -t repl C-d
      wait_quit
    done
  done
  stop_server

  # --- typing while fit runs types every key; DLREPL_ELEMENT_LIMIT holds in the screen ---
  $t new-session -d -s repl -x 80 -y 24 "env TERM=xterm-256color LANG=C.UTF-8 DLREPL_ELEMENT_LIMIT=1000 XDG_DATA_HOME=$work/typing $bin"
  wait_for "dlrepl · notebook"
  $t send-keys -t repl 'x = zeros(5000)' Enter
  wait_for "too large"; check "[tui] DLREPL_ELEMENT_LIMIT=1000 refuses zeros(5000) in the screen" $? "$(screen)"
  $t send-keys -t repl 'data = dataset("moons", n: 400)' Enter 'model m { input(2); dense(16); relu(); dense(2) }' Enter
  $t send-keys -t repl 'h = fit(m, data, epochs: 100000, batch: 8)' Enter
  wait_for "steps/s"
  $t send-keys -t repl 'print(1 + 2) l p'
  sleep 0.5; s="$(screen)"
  contains "$s" "dl> print(1 + 2) l p" && contains "$s" "F9 pause" && contains "$s" "steps/s" && ! contains "$s" "(log)"
  check "[tui] keys typed while fit runs are typed, none is eaten" $? "$s"
  $t send-keys -t repl C-u C-c 'print("pp", 2)' Enter
  wait_for "pp 2"; s="$(screen)"; contains "$s" "fit interrupted" && contains "$s" 'print("pp", 2)'
  check "[tui] after Ctrl-C stops a fit, the first typed p is typed" $? "$s"
  $t send-keys -t repl C-d
  wait_quit
  stop_server

  # --- looking inside: the neuron maps live while fit runs, then back through its epochs ---
  for size in "132 43" "80 24"; do
    w="${size% *}"; h="${size#* }"
    stop_server
    $t new-session -d -s repl -x "$w" -y "$h" "env TERM=xterm-256color LANG=C.UTF-8 XDG_DATA_HOME=$work/inside-$w $bin"
    wait_for "dlrepl · notebook"
    $t send-keys -t repl 'data = dataset("moons", n: 200, noise: 0.1, seed: 1)' Enter 'model m { input(2); dense(6); tanh(); dense(2) }' Enter
    $t send-keys -t repl 'h = fit(m, data, epochs: 100000, batch: 8)' Enter
    wait_for "steps/s"
    for _ in 1 2 3 4 5; do contains "$(screen)" "neurons · each unit" && break; $t send-keys -t repl F8; sleep 0.3; done
    sleep 0.5; s="$(screen)"
    contains "$s" "neurons · each unit" && contains "$s" "layers[1] tanh" && contains "$s" "steps/s"
    check "[tui ${w}x${h}] F8 shows the neuron maps, live while fit runs" $? "$s"
    $t send-keys -t repl Escape
    wait_for "fit interrupted"
    sleep 0.5; $t send-keys -t repl C-Left C-Left C-Left
    sleep 0.5; s="$(screen)"
    echo "$s" | grep -Eq "epoch [0-9]+ of [0-9]+( \(every [0-9]+ kept\))? · Ctrl-← → epochs" && contains "$s" "neurons · each unit"
    check "[tui ${w}x${h}] after the fit, Ctrl-← goes back through its epochs" $? "$s"
    if [ "$w" -ge 100 ]; then
      contains "$s" "loss · epoch"; check "[tui ${w}x${h}] the loss chart marks the epoch shown" $? "$s"
    fi
    $t send-keys -t repl C-d
    wait_quit
  done

  # Terminals that cannot show the screen get the line REPL; a non-UTF-8 locale gets ASCII.
  stop_server
  $t new-session -d -s repl -x 100 -y 30 "env TERM=dumb XDG_DATA_HOME=$work/dumb $bin"
  wait_for "dl>"; s="$(screen)"; contains "$s" "here is the line REPL"
  check "[tui] TERM=dumb falls back to the line REPL" $? "$s"
  stop_server
  $t new-session -d -s repl -x 100 -y 30 "env LANG=C LC_ALL=C XDG_DATA_HOME=$work/ascii $bin"
  wait_for "dlrepl"; s="$(screen)"; contains "$s" "+ dlrepl" && ! echo "$s" | LC_ALL=C grep -q $'[\x80-\xff]'
  check "[tui] a non-UTF-8 locale draws the screen in ASCII" $? "$s"
  $t send-keys -t repl 'show(reshape(arange(4), 1, 4))' Enter
  wait_for "0 [ .:-=+*#%@] 3"; s="$(screen)"; contains "$s" "  --**@@"
  check "[tui] show draws a picture in the notebook, ASCII shades in a non-UTF-8 locale" $? "$s"
  stop_server

  $t new-session -d -s repl -x 100 -y 30 "env TERM=xterm-256color XDG_DATA_HOME=$work/colour $bin"
  wait_for "dlrepl"; $t capture-pane -e -p -t repl | grep -Eq $'\e\\[([0-9]*;)*(3[0-8]|4[0-8]|9[0-7]|10[0-7])[;m]'
  check "[tui] colours are used where the terminal has them" $? "$($t capture-pane -e -p -t repl | head -3 | cat -v)"
  stop_server
  $t new-session -d -s repl -x 100 -y 30 "env NO_COLOR=1 TERM=xterm-256color XDG_DATA_HOME=$work/nocolour $bin"
  # Colour codes are 30–38, 40–48, 90–97 and 100–107; 39 and 49 only reset to the default.
  wait_for "dlrepl"; ! $t capture-pane -e -p -t repl | grep -Eq $'\e\\[([0-9]*;)*(3[0-8]|4[0-8]|9[0-7]|10[0-7])[;m]'
  check "[tui] NO_COLOR turns colours off" $? "$($t capture-pane -e -p -t repl | head -3 | cat -v)"
  stop_server

  # A session killed with SIGKILL loses nothing: the next start offers to restore it.
  stop_server; rm -rf "$XDG_DATA_HOME"
  $t new-session -d -s repl -x 120 -y 40 "env XDG_DATA_HOME=$XDG_DATA_HOME $bin"
  wait_for "dlrepl · notebook"
  $t send-keys -t repl 'k = 6 * 7' Enter 'k' Enter
  wait_for "42"
  pid="$($t display -p -t repl '#{pane_pid}')"
  kill -9 "$(pgrep -P "$pid" dlrepl || echo "$pid")" 2>/dev/null; kill -9 "$pid" 2>/dev/null; sleep 0.3
  stop_server
  $t new-session -d -s repl -x 120 -y 40 "env XDG_DATA_HOME=$XDG_DATA_HOME $bin"
  wait_for "restore the unsaved session"; check "[tui] after a kill, the next start offers to restore" $? "$(screen)"
  [ "$(screen | grep -c "restore")" = 1 ]; check "[tui] the restore question is asked once" $? "$(screen)"
  $t send-keys -t repl y
  wait_for "k = 6 * 7"; check "[tui] the restored notebook shows every finished cell" $? "$(screen)"
  $t send-keys -t repl 'run all' Enter
  sleep 1; s="$(screen)"; contains "$s" "42" && ! contains "$s" "[2]~"
  check "[tui] run all re-executes the restored cells" $? "$s"
  # run all prints a backprop cell's steps instead of waiting in the stepper.
  $t send-keys -t repl 'model b { input(2); dense(1); sigmoid() }' Enter 'backprop(b, tensor([[1, 2]]), tensor([1]))' Enter
  wait_for "forward path"; $t send-keys -t repl q; sleep 0.3
  $t send-keys -t repl 'print("last", 7)' Enter; wait_for "last 7"
  $t send-keys -t repl 'run all' Enter
  sleep 2; s="$(screen)"; ! contains "$s" "forward path" && contains "$s" "last 7" && contains "$s" "step 1/"
  check "[tui] run all prints a stepper as text and runs on" $? "$s"
  stop_server
  # SIGTERM restores the terminal and says so (the shell around it reports the status).
  $t new-session -d -s repl -x 100 -y 30 "env XDG_DATA_HOME=$XDG_DATA_HOME $bin; echo \"exit status \$?\"; sleep 30"
  wait_for "dlrepl · notebook"
  pkill -TERM -P "$($t display -p -t repl '#{pane_pid}')"
  wait_for "exit status 143"
  s="$(screen)"; contains "$s" "terminated by SIGTERM; the terminal was restored"
  check "[tui] SIGTERM restores the terminal with a message" $? "$s"
  stop_server
  # A crash inside the screen: the terminal is restored, the cause is shown after,
  # and Swift's reporter does not stop for 30 s to offer its debugger.
  $t new-session -d -s repl -x 120 -y 40 "env DLREPL_TEST_CRASH=1 XDG_DATA_HOME=$XDG_DATA_HOME $bin; echo \"exit status \$?\"; sleep 30"
  started=$SECONDS
  for _ in $(seq 150); do contains "$(screen)" "exit status" && break; sleep 0.1; done
  s="$($t capture-pane -p -S -400 -t repl)"
  contains "$s" "exit status 132" && [ $((SECONDS - started)) -lt 15 ] && ! contains "$s" "Press space"
  check "[tui] a crash ends at once, without the interactive crash reporter" $? "$(head -c 1500 <<< "$s")"
  grep -A1 "fatal error (signal 4); the terminal was restored" <<< "$s" | grep -q "Fatal error: crash requested by DLREPL_TEST_CRASH"
  check "[tui] the cause of a crash is printed after the terminal is restored" $? "$(head -c 1500 <<< "$s")"
  stop_server
else
  echo "tmux not found: REPL tests need it (test.sh installs it)"; failed=$((failed + 1))
fi

echo "cli: $passed passed, $failed failed"
[ "$failed" = 0 ]
