/**
 * Parse speed of the text front end, run by hand: parses each given `.wast` script (default: the largest of the
 * spec suite's core group) with `parseWast`, once in a fresh process (cold) and then repeatedly (warm, best run),
 * and prints MB/s. Parsing includes encoding every text module to binary.
 *
 *   node_modules/.bin/esbuild scripts/wast-parse-speed.ts --bundle --platform=node --format=esm \
 *     --outfile=/tmp/wast-parse-speed.mjs && node /tmp/wast-parse-speed.mjs [file.wast...]
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseWast } from '../packages/engine/src/text/wast.js';

function largestCoreScript(): string {
  const dir = '../shared/wasm-testsuite/wast/core';
  const files = readdirSync(dir).filter((f) => f.endsWith('.wast')).map((f) => join(dir, f));
  return files.sort((a, b) => statSync(b).size - statSync(a).size)[0]!;
}

const files = process.argv.length > 2 ? process.argv.slice(2) : [largestCoreScript()];
for (const file of files) {
  const source = readFileSync(file, 'utf8');
  const mb = source.length / 1e6;
  let t0 = performance.now();
  parseWast(source, file);
  const cold = performance.now() - t0;
  let best = Infinity;
  for (let i = 0; i < 15; i++) {
    t0 = performance.now();
    parseWast(source, file);
    best = Math.min(best, performance.now() - t0);
  }
  console.log(
    `${file}: ${mb.toFixed(2)} MB; cold ${cold.toFixed(0)} ms (${(mb / (cold / 1e3)).toFixed(1)} MB/s), ` +
      `warm best ${best.toFixed(1)} ms (${(mb / (best / 1e3)).toFixed(1)} MB/s)`,
  );
}
