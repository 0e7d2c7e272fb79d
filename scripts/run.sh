#!/usr/bin/env bash
# The main job: build Landfall, take the inventory of the bundled example app (flyctl's answers
# come from the example's fake Fly account), then play the recorded migration of that app through
# the policy against the fakes, moving its data between two local PostgreSQL clusters. Pass
# another app directory to take its inventory instead.
set -euo pipefail
cd "$(dirname "$0")/.."
LANDFALL_DEMO=1 scripts/install-deps.sh
swift build -c release --product landfall >&2
bin="$(swift build -c release --show-bin-path)/landfall"
app_dir="${1:-examples/notes}"
if [ $# -eq 0 ]; then
  export LANDFALL_BIN="$bin" LANDFALL_FLYCTL="$PWD/examples/notes/fake-flyctl"
fi
"$bin" inventory --app-dir "$app_dir"
if [ $# -eq 0 ]; then
  echo
  "$bin" demo --yes
fi
