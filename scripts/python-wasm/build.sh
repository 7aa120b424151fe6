#!/usr/bin/env bash
# Builds CPython 3.11 for wasm32-wasi from Debian's source package (python3.11, bookworm) with
# Debian's clang + lld + wasi-libc, and caches the result by a hash of every input (this script,
# its config files, the Debian source version, the toolchain versions) in
#   ${ZEROLAB_PYTHON_WASM_CACHE:-~/.cache/zerolab/python-wasm}/<key>/
#     python.wasm     the interpreter (wasm32-wasi, preview1 imports only)
#     stdlib.tar      the read-only standard library (lib/python3.11, trimmed, with .pyc)
#     manifest.json   versions, sizes, sha256s, how long the build took
# and points current.json at it. A second run with the same inputs does nothing.
# No CPython tests run; only what the image needs is built (make -j2, a configure cache).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
CACHE=${ZEROLAB_PYTHON_WASM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/zerolab/python-wasm}
PKG=python3.11
JOBS=${ZEROLAB_PYTHON_WASM_JOBS:-2}
mkdir -p "$CACHE"
log() { echo "python-wasm: $*" >&2; }

SUDO=""
[ "$(id -u)" = 0 ] || SUDO=sudo
LOCK=()
command -v flock >/dev/null && LOCK=(flock /tmp/apt.lock)

# Debian's source index: a deb-src entry for bookworm (+ security), added once.
src_version() { apt-cache showsrc "$PKG" 2>/dev/null | awk '/^Version:/{print $2}' | sort -V | tail -1 || true; }
VER=$(src_version)
if [ -z "$VER" ]; then
  log "adding deb-src entries for bookworm (apt-get source $PKG)"
  $SUDO cp "$HERE/deb-src.sources" /etc/apt/sources.list.d/zerolab-deb-src.sources
  "${LOCK[@]}" $SUDO apt-get update -qq
  VER=$(src_version)
  [ -n "$VER" ] || { log "no source package $PKG in the apt index"; exit 1; }
fi
BUILD_PY=$(command -v python3.11 || true)
[ -x /usr/bin/python3.11 ] && BUILD_PY=/usr/bin/python3.11
[ -n "$BUILD_PY" ] || { log "need a native python3.11 to cross-compile (apt-get install python3.11)"; exit 1; }

KEY=$( {
  cat "$HERE"/build.sh "$HERE"/deb-src.sources "$HERE"/Setup.local "$HERE"/trim.txt
  echo "$VER"
  clang --version | head -1
  dpkg-query -W wasi-libc 2>/dev/null || true
  "$BUILD_PY" -c 'import sys; print(sys.version_info[:3])'
} | sha256sum | cut -c1-16)
OUT="$CACHE/$KEY"
if [ -f "$OUT/manifest.json" ]; then
  printf '{"key":"%s"}\n' "$KEY" >"$CACHE/current.json"
  log "cached: $OUT"
  exit 0
fi

exec 9>"$CACHE/.lock"
flock 9
# Builds run at one fixed path whatever the cache dir, so the paths CPython compiles in (VPATH,
# _sysconfigdata) are the same on every machine: one build at a time per machine.
WORK=/tmp/zerolab-python-wasm
mkdir -p "$WORK"
exec 8>"$WORK.lock"
flock 8
if [ -f "$OUT/manifest.json" ]; then
  printf '{"key":"%s"}\n' "$KEY" >"$CACHE/current.json"
  log "cached (built by another run): $OUT"
  exit 0
fi
T0=$(date +%s)
LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
log "building $PKG $VER for wasm32-wasi (key $KEY, load $LOAD0); the first build takes ~10-15 min"

SRCROOT="$CACHE/src-$VER"
if [ ! -f "$SRCROOT/.done" ]; then
  rm -rf "$SRCROOT" && mkdir -p "$SRCROOT"
  (cd "$SRCROOT" && apt-get source -qq "$PKG=$VER" >/dev/null)
  touch "$SRCROOT/.done"
fi
UNPACKED=$(find "$SRCROOT" -maxdepth 1 -mindepth 1 -type d -name "$PKG-*" | head -1)
[ -f "$UNPACKED/configure" ] || { log "no configure in $UNPACKED"; exit 1; }
SRC="$WORK/src"
BUILD="$WORK/build"
rm -rf "$SRC" "$BUILD" && cp -a "$UNPACKED" "$SRC" && mkdir -p "$BUILD"
# No build date in sys.version: the same bytes from every build.
sed -i '1i #define DATE "Jan  1 1970"\n#define TIME "00:00:00"' "$SRC/Modules/getbuildinfo.c"
mkdir -p "$BUILD/Modules" && cp "$HERE/Setup.local" "$BUILD/Modules/Setup.local"
cd "$BUILD"
export CC="clang --target=wasm32-wasi" CPP="clang --target=wasm32-wasi -E" CXX="clang++ --target=wasm32-wasi"
export AR=/usr/lib/llvm-14/bin/llvm-ar RANLIB=/usr/lib/llvm-14/bin/llvm-ranlib
command -v llvm-ar >/dev/null && export AR=llvm-ar RANLIB=llvm-ranlib
export PKG_CONFIG_PATH="" PKG_CONFIG_LIBDIR=/nonexistent
export LDFLAGS="-Wl,--strip-all"
if [ ! -f Makefile ]; then
  CONFIG_SITE="$SRC/Tools/wasm/config.site-wasm32-wasi" "$SRC/configure" -C -q \
    --host=wasm32-unknown-wasi --build="$("$SRC/config.guess")" \
    --with-build-python="$BUILD_PY" --prefix=/ --disable-test-modules \
    --without-ensurepip --disable-ipv6 >configure.log 2>&1 ||
    { tail -40 configure.log >&2; exit 1; }
fi
make -j"$JOBS" python.wasm pybuilddir.txt >make.log 2>&1 || { tail -60 make.log >&2; exit 1; }
python_wasm=$BUILD/python.wasm
[ -f "$python_wasm" ] || python_wasm=$BUILD/python
T1=$(date +%s)

# The standard library: Lib/ minus what a sandboxed stage cannot use, with unchecked-hash .pyc
# (reproducible: no mtimes) compiled by the same-version build python, plus the build's
# _sysconfigdata module.
STAGE="$BUILD/stage"
rm -rf "$STAGE" && mkdir -p "$STAGE/lib/python3.11"
cp -a "$SRC/Lib/." "$STAGE/lib/python3.11/"
while read -r p; do
  [ -z "$p" ] || [ "${p#\#}" != "$p" ] || rm -rf "${STAGE:?}/lib/python3.11/$p"
done <"$HERE/trim.txt"
find "$STAGE" -name __pycache__ -prune -exec rm -rf {} +
for f in build/lib.*/_sysconfigdata*.py; do [ -f "$f" ] && cp "$f" "$STAGE/lib/python3.11/"; done
"$BUILD_PY" -m compileall -q -j "$JOBS" --invalidation-mode unchecked-hash -o 0 \
  -d /lib/python3.11 "$STAGE/lib/python3.11" >/dev/null || true
TMP="$CACHE/tmp-$KEY"
rm -rf "$TMP" && mkdir -p "$TMP"
cp "$python_wasm" "$TMP/python.wasm"
(cd "$STAGE" && tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner --format=ustar \
  -cf "$TMP/stdlib.tar" lib)
T2=$(date +%s)
cat >"$TMP/manifest.json" <<JSON
{
  "key": "$KEY",
  "source": "$PKG $VER (Debian bookworm source package)",
  "pythonVersion": "$(cd "$SRC" && grep -E '^#define PY_VERSION ' Include/patchlevel.h | cut -d'"' -f2)",
  "prefix": "/lib/python3.11",
  "toolchain": "$(clang --version | head -1)",
  "python.wasm": { "bytes": $(stat -c %s "$TMP/python.wasm"), "sha256": "$(sha256sum "$TMP/python.wasm" | cut -c1-64)" },
  "stdlib.tar": { "bytes": $(stat -c %s "$TMP/stdlib.tar"), "sha256": "$(sha256sum "$TMP/stdlib.tar" | cut -c1-64)" },
  "buildSeconds": { "interpreter": $((T1 - T0)), "stdlib": $((T2 - T1)), "total": $((T2 - T0)) },
  "loadAverageAtStart": "$LOAD0",
  "loadAverageAtEnd": "$(cut -d' ' -f1-3 /proc/loadavg)"
}
JSON
rm -rf "$OUT" && mv "$TMP" "$OUT"
printf '{"key":"%s"}\n' "$KEY" >"$CACHE/current.json"
[ -n "${ZEROLAB_PYTHON_WASM_KEEP_BUILD:-}" ] || rm -rf "$BUILD" "$SRC"
log "built in $((T2 - T0)) s: $OUT"
