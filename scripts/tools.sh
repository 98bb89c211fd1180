#!/usr/bin/env bash
# Installs what building, serving and testing Paxos Lab needs, and skips what is present.
#
#   scripts/tools.sh build   the wasm32 target, trunk 0.21, wasm-bindgen-cli (the locked
#                            version), wasm-opt (npm's binaryen) and terser
#   scripts/tools.sh test    all of the above, plus Chromium, a CJK font for screenshots,
#                            and playwright-core
#
# Every step is idempotent: a second run only checks versions and returns.
set -euo pipefail
cd "$(dirname "$0")/.."

want=${1:-build}
say() { printf '\033[1;34m[tools]\033[0m %s\n' "$*"; }
# timed CMD...: runs CMD and reports how long it took (installs are slow; skips are instant).
timed() {
  local start=$SECONDS
  "$@"
  say "  done in $((SECONDS - start))s"
}
export PATH="$HOME/.cargo/bin:$PATH"

# The wasm-bindgen version the crate pins with `=` in Cargo.toml; the CLI must match it exactly.
bindgen_version=$(sed -n 's/^wasm-bindgen = "=\([0-9.]*\)".*/\1/p' Cargo.toml)
[ -n "$bindgen_version" ] || { echo "Cargo.toml must pin wasm-bindgen with =" >&2; exit 1; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  timed rustup target add wasm32-unknown-unknown
fi

if ! trunk --version 2>/dev/null | grep -q '^trunk 0\.21\.'; then
  say "installing trunk 0.21 (takes several minutes, once)"
  timed cargo install trunk --version '~0.21' --locked
fi

if ! wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $bindgen_version"; then
  say "installing wasm-bindgen-cli $bindgen_version (takes a few minutes, once)"
  # Not --locked: the CLI's own lockfile pins a crate version the registry no longer serves.
  timed cargo install wasm-bindgen-cli --version "$bindgen_version" --force
fi

# npm packages (binaryen's wasm-opt, terser, playwright-core, axe-core) are pinned in package-lock.json.
# npm records what it installed in node_modules/.package-lock.json; a newer package-lock.json
# (say, after a version bump) means node_modules is stale.
if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/terser ] ||
  [ ! -d node_modules/axe-core ] ||
  [ package-lock.json -nt node_modules/.package-lock.json ]; then
  command -v npm >/dev/null || { echo "npm is needed (apt-get install -y nodejs npm)" >&2; exit 1; }
  say "installing npm packages (binaryen, terser, playwright-core, axe-core)"
  timed npm ci --no-audit --no-fund
fi

if [ "$want" = test ]; then
  missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  fc-list 2>/dev/null | grep -qi 'Noto Sans CJK' || missing+=(fonts-noto-cjk)
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing ${missing[*]} from Debian"
    sudo_cmd=""
    [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
    start=$SECONDS
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}"
    say "  done in $((SECONDS - start))s"
  fi
fi
say "tools ready ($want)"
