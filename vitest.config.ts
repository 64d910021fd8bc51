import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const src = (p: string) => fileURLToPath(new URL(p, import.meta.url));

// Tests import packages by name; resolve them to sources so no build is needed first.
export default defineConfig({
  resolve: {
    alias: [
      { find: /^@weft\/engine\/node$/, replacement: src('./packages/engine/src/node.ts') },
      { find: /^@weft\/engine$/, replacement: src('./packages/engine/src/index.ts') },
      { find: /^@weft\/serialize$/, replacement: src('./packages/serialize/src/index.ts') },
      { find: /^@weft\/wasi$/, replacement: src('./packages/wasi/src/index.ts') },
      { find: /^@weft\/cli$/, replacement: src('./packages/cli/src/index.ts') },
    ],
  },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'test/**/*.test.ts'],
    setupFiles: ['test/setup/yield-between-tests.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
