#!/usr/bin/env bash
# The main job: build the package, then the CLI's summary, profile and latency
# benchmark of the built-in default model (MobileNetV2-1.0, 224x224).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/build.sh
node web/cli.js summary
node web/cli.js profile
node web/cli.js bench --iterations 30
