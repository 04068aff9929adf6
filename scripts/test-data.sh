#!/usr/bin/env bash
# Generates the tests' data: every tests/data/*.py writes its models and
# oracles to tests/data/generated/ (Debian's python3 with onnx + numpy;
# scripts/setup.sh installs them, and libonnx-testdata that some read).
# `bash scripts/test.sh` runs this; a test whose data is missing fails and
# names this script.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mkdir -p tests/data/generated
for generator in tests/data/*.py; do
  [[ -e "$generator" ]] || continue
  echo "$generator"
  /usr/bin/python3 "$generator" tests/data/generated
done
