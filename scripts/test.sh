#!/usr/bin/env bash
# The test command: install what is missing, build everything with warnings as errors, run
# every test. Extra arguments go to `swift test` (for example --filter InventoryTests).
set -euo pipefail
cd "$(dirname "$0")/.."
LANDFALL_TEST_SERVERS=1 scripts/install-deps.sh
if ! python3 -c "import mcp" 2>/dev/null; then
  echo "installing the Python MCP SDK (mcp<2) for the interoperability test" >&2
  python3 -m pip install --quiet "mcp<2"
fi
if ! command -v kubernetes-validate >/dev/null 2>&1 || ! command -v check-jsonschema >/dev/null 2>&1; then
  echo "installing kubernetes-validate and check-jsonschema for the manifest and Compose tests" >&2
  python3 -m pip install --quiet kubernetes-validate check-jsonschema
fi
swift build --build-tests -Xswiftc -warnings-as-errors
swift test -Xswiftc -warnings-as-errors "$@"
if [ $# -eq 0 ]; then
  "$(swift build --show-bin-path)/landfall" eval evals --junit .build/evals-junit.xml
fi
