#!/usr/bin/env bash
# The main job: build Landfall and take the inventory of the bundled example app, answering
# flyctl's questions from the example's fake Fly account. Pass another app directory to read it.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build -c release --product landfall >&2
bin="$(swift build -c release --show-bin-path)/landfall"
app_dir="${1:-examples/notes}"
if [ $# -eq 0 ]; then
  export LANDFALL_BIN="$bin" LANDFALL_FLYCTL="$PWD/examples/notes/fake-flyctl"
fi
"$bin" inventory --app-dir "$app_dir"
