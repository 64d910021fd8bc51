#!/usr/bin/env sh
# Rebuild plugin.wasm from plugin.wat (needs wabt: `apt-get install wabt`). The built file is committed.
set -e
cd "$(dirname "$0")"
wat2wasm --debug-names plugin.wat -o plugin.wasm
