#!/usr/bin/env sh
# Rebuild the benchmark modules from their .wat sources (needs wabt). The built .wasm files are committed.
set -e
cd "$(dirname "$0")/programs"
for f in *.wat; do wat2wasm "$f" -o "${f%.wat}.wasm"; done
