#!/usr/bin/env sh
# Rebuild tenant.wasm from tenant.wat (needs wabt: `apt-get install wabt`). The built file is committed.
set -e
cd "$(dirname "$0")"
wat2wasm --debug-names tenant.wat -o tenant.wasm
