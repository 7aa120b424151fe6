#!/usr/bin/env bash
# OpenStack Swift 2.30.1's functional suite against `zerolab serve` and a one-node real Swift,
# side by side. See scripts/swift-functional.ts for options; docs/swift-functional.md for how.
set -euo pipefail
cd "$(dirname "$0")/.."
exec node --import tsx scripts/swift-functional.ts "$@"
