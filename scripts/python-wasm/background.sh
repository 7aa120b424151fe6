#!/usr/bin/env bash
# For `pnpm start`: Python stages become available without holding the server back. The build
# (and, with root or sudo, the Debian packages it needs) runs in the background; a cached build
# is picked up in a second. The server reads the build cache on each use, so Python stages work
# as soon as the build is done (until then they end UNAVAILABLE naming the build command).
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
CACHE=${ZEROLAB_PYTHON_WASM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/zerolab/python-wasm}
mkdir -p "$CACHE"
LOG="$CACHE/build.log"
nohup bash -c "bash '$HERE/../system-deps.sh' --python && bash '$HERE/build.sh'" >"$LOG" 2>&1 </dev/null &
echo "python-wasm: building or checking the Python interpreter in the background (log: $LOG)"
