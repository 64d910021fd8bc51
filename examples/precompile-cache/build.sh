#!/usr/bin/env sh
# Rebuild guest.wasm from guest.wat (needs wabt: `apt-get install wabt`). The built file is committed.
set -e
cd "$(dirname "$0")"
wat2wasm --debug-names guest.wat -o guest.wasm
