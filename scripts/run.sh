#!/usr/bin/env bash
# Runs Paxos Lab locally: installs what is missing (once), builds, serves, and rebuilds on
# every change. Stop it with Ctrl-C.
#
#   bash scripts/run.sh          serves http://127.0.0.1:8080/
#   PORT=9000 bash scripts/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/tools.sh build
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

port=${PORT:-8080}
echo
echo "Paxos Lab: http://127.0.0.1:${port}/"
echo "(the first build takes a minute or two; Trunk prints 'server listening' when it is ready)"
echo
# Served from its own directory: the served page carries Trunk's auto-reload script, and
# dist/ holds only what scripts/build.sh builds (what the tests check and Pages deploys).
exec trunk serve --release --offline --address 127.0.0.1 --port "$port" --dist target/serve
