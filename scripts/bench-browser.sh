#!/usr/bin/env bash
# nnslim's model.benchmark() in headless Chromium (Debian's) and in Node, same
# package and model: bench/browser/run_browser.mjs. Arguments pass through
# (--model mobilenetv2|mlp, --iterations N, --warmup N).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [[ -z "${NNSLIM_SKIP_BUILD:-}" ]]; then
  bash scripts/build.sh >/dev/null
fi
node bench/browser/run_browser.mjs "$@"
