#!/bin/sh
# Build wc.wasm (Debian: apt-get install clang lld wasi-libc libclang-rt-14-dev-wasm32). It is committed.
set -eu
cd "$(dirname "$0")"
"${CC:-clang}" --target=wasm32-wasi -O2 -Wall -Wl,--strip-debug -o wc.wasm wc.c
