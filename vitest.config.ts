import { defineConfig, type Plugin } from 'vitest/config';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const src = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/**
 * Inline the threaded-code ISA's `const enum I` the way the tsup bundle does. Vitest transforms one file at a
 * time, so `case I.I32_ADD:` would stay a property load and the executor's switch would lose its jump table,
 * making every test that runs wasm many times slower than the shipped build.
 */
function inlineIsaEnum(): Plugin {
  const isa = readFileSync(src('./packages/engine/src/compile/isa.ts'), 'utf8');
  const body = /export const enum I \{([^}]*)\}/.exec(isa)?.[1] ?? '';
  const values = new Map([...body.matchAll(/([A-Z0-9_]+) = (\d+),/g)].map((m) => [m[1]!, m[2]!]));
  return {
    name: 'weft-inline-isa-enum',
    enforce: 'pre',
    transform(code, id) {
      if (!id.includes('/packages/engine/') || !/import \{[^}]*\bI\b[^}]*\} from '[./a-z]*isa\.js'/.test(code)) return null;
      return code.replace(/\bI\.([A-Z][A-Z0-9_]*)\b/g, (whole, name: string) => values.get(name) ?? whole);
    },
  };
}

// Tests import packages by name; resolve them to sources so no build is needed first.
export default defineConfig({
  plugins: [inlineIsaEnum()],
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
