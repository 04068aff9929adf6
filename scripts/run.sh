#!/usr/bin/env bash
# The main job in a terminal: build the package, then the CLI's summary,
# profile and latency benchmark of the built-in default model (MobileNetV2-1.0,
# 224x224). The main command is `npm run demo` (the same build, then the demo
# page: scripts/demo.mjs); `bash scripts/run.sh --demo` runs that.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [[ "${1:-}" == "--demo" ]]; then
  exec node scripts/demo.mjs "${@:2}"
fi
bash scripts/build.sh
node web/cli.js summary
node web/cli.js profile
node web/cli.js bench --iterations 30
echo "The demo page: npm run demo"
