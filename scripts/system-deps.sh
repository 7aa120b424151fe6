#!/usr/bin/env bash
# Installs the Debian packages the tests use when they are missing: clang + wasi toolchain
# (C guests; with dpkg-dev, llvm, make and python3.11 also CPython for WASI, built from Debian's
# source by scripts/python-wasm/build.sh), Debian's chromium (Playwright), python3-swiftclient (the real `swift` client),
# OpenStack Swift and memcached (the loopback cluster of `pnpm cluster up` and its tests).
# `--python`: only what the CPython build needs (`pnpm start` builds it in the background).
set -euo pipefail
only_python=${1:-}
need=()
command -v clang >/dev/null || need+=(clang)
command -v wasm-ld >/dev/null || need+=(lld)
[ -d /usr/include/wasm32-wasi ] || [ -d /usr/lib/wasm32-wasi ] || need+=(wasi-libc)
ls /usr/lib/llvm-*/lib/clang/*/lib/wasi/libclang_rt.builtins-wasm32.a >/dev/null 2>&1 ||
  ls /usr/lib/llvm-*/lib/clang/*/lib/wasm32-unknown-wasi/libclang_rt.builtins.a >/dev/null 2>&1 ||
  need+=(libclang-rt-dev-wasm32)
command -v dpkg-source >/dev/null || need+=(dpkg-dev)
command -v llvm-ar >/dev/null || ls /usr/lib/llvm-*/bin/llvm-ar >/dev/null 2>&1 || need+=(llvm)
command -v make >/dev/null || need+=(make)
[ -x /usr/bin/python3.11 ] || need+=(python3.11)
if [ "$only_python" != --python ]; then
command -v chromium >/dev/null || need+=(chromium)
command -v swift >/dev/null || need+=(python3-swiftclient)
for pkg in swift-proxy swift-object swift-container swift-account; do
  command -v "$pkg-server" >/dev/null || need+=("$pkg")
done
command -v memcached >/dev/null || need+=(memcached)
command -v curl >/dev/null || need+=(curl)
fi
if [ ${#need[@]} -eq 0 ]; then
  echo "system-deps: all present"
  exit 0
fi
echo "system-deps: installing ${need[*]}"
SUDO=""
if [ "$(id -u)" != 0 ]; then
  command -v sudo >/dev/null || { echo "system-deps: need root (or sudo) to apt-get install ${need[*]}" >&2; exit 1; }
  SUDO=sudo
fi
# /tmp/apt.lock serialises with other installers on the same machine (pnpm cluster up).
LOCK=()
command -v flock >/dev/null && LOCK=(flock /tmp/apt.lock)
"${LOCK[@]}" $SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${LOCK[@]}" $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
echo "system-deps: done"
