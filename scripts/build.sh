#!/usr/bin/env bash
# Builds the site into dist/. This is the one build command: scripts/test.sh tests what it
# builds, and the GitHub Pages workflow deploys what it builds.
#
#   scripts/build.sh                 relative asset URLs (Trunk.toml's public_url = "./"):
#                                    dist/ then works from any path, e.g. /<repo>/ on Pages
#   scripts/build.sh /some/path/     absolute asset URLs under that path instead
#
# Needs the tools from `scripts/tools.sh build`. Runs offline: Trunk must find
# wasm-bindgen and wasm-opt on PATH and never downloads anything.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

# Fail loudly rather than ship an unoptimized wasm or let Trunk look for another wasm-opt.
if ! wasm-opt --version 2>/dev/null | grep -q 'version 132'; then
  echo "build.sh: wasm-opt version 132 (npm's binaryen) is not on PATH; run: bash scripts/tools.sh build" >&2
  exit 1
fi

args=(build --release --offline)
if [ $# -gt 0 ]; then
  args+=(--public-url "$1")
fi
trunk "${args[@]}"
# Trunk cannot minify wasm-bindgen's JS glue; terser does (see the script).
node scripts/minify-glue.mjs dist
