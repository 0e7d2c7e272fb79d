#!/usr/bin/env bash
# The test command: install what is missing, build everything with warnings as errors, run
# every test. Extra arguments go to `swift test` (for example --filter InventoryTests).
set -euo pipefail
cd "$(dirname "$0")/.."
LANDFALL_TEST_SERVERS=1 scripts/install-deps.sh
swift build --build-tests -Xswiftc -warnings-as-errors
swift test -Xswiftc -warnings-as-errors "$@"
