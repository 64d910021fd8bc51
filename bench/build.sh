#!/usr/bin/env sh
# Rebuild the benchmark programs from their C sources in src/ (needs clang with the wasm32-wasi target and
# wasi-libc, as Debian's clang, lld and wasi-libc packages provide). The built .wasm files are committed.
set -e
cd "$(dirname "$0")"
for f in src/*.c; do
  name=$(basename "$f" .c)
  clang --target=wasm32-wasi -O2 -Wall -Wextra "$f" -Wl,--strip-debug -o "programs/$name.wasm" -lm
done
