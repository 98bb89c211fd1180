#!/usr/bin/env bash
# Runs every check Paxos Lab has, in order, and stops at the first failure.
#
#   bash scripts/test.sh
#
# Installs what is missing first (scripts/tools.sh test: the wasm32 target, trunk,
# wasm-bindgen-cli, npm's binaryen and playwright-core, Chromium and a CJK font).
# CI runs this same script (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

stages=()
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
all_start=$(now)

# step NAME COMMAND...: prints a banner, runs the command, prints how long it took.
step() {
  local name=$1
  shift
  printf '\n========== %s ==========\n$ %s\n' "$name" "$*"
  local start
  start=$(now)
  if "$@"; then
    local took
    took=$(elapsed "$start")
    printf -- '---------- %s: ok (%ss)\n' "$name" "$took"
    stages+=("$(printf '%7ss  %s' "$took" "$name")")
  else
    local rc=$?
    printf '\n!!!!!!!!!! %s FAILED (exit %s, after %ss) !!!!!!!!!!\n' "$name" "$rc" "$(elapsed "$start")" >&2
    exit "$rc"
  fi
}

step "tools" bash scripts/tools.sh test
step "format (cargo fmt)" cargo fmt --all -- --check
step "lint (cargo clippy)" cargo clippy --locked --all-targets -- -D warnings
# Optimized (the model checker explores many states), with debug assertions and overflow
# checks on. Cargo.toml's [profile.native-test] explains why not the size-tuned --release.
step "native tests (cargo test)" cargo test --locked --profile native-test
step "build (trunk)" bash scripts/build.sh
step "size and external-URL check" node scripts/size-check.mjs dist
step "browser tests" node --test --test-reporter=spec tests/browser/

printf '\n========== all checks passed (%ss) ==========\n' "$(elapsed "$all_start")"
printf '%s\n' "${stages[@]}"
