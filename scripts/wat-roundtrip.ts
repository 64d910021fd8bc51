/**
 * Round trip of the text front end against wabt, run by hand (needs `wasm2wat`/`wat2wasm` from Debian's `wabt`):
 * every binary module of the spec suite's core group is printed by `wasm2wat`, and weft's `wat2wasm` of that text
 * must give the same bytes as wabt's `wat2wasm` of it. Modules wabt itself cannot print or re-assemble (malformed
 * binaries) are counted apart. Prints the counts and the first differences; exit status 1 on any difference.
 *
 *   node_modules/.bin/esbuild scripts/wat-roundtrip.ts --bundle --platform=node --format=esm \
 *     --outfile=/tmp/wat-roundtrip.mjs && node /tmp/wat-roundtrip.mjs [suite-json-dir...]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { wat2wasm } from '../packages/engine/src/text/wat2wasm.js';

const dirs = process.argv.slice(2);
if (dirs.length === 0) {
  dirs.push('../shared/wasm-testsuite/json/core', '../shared/wasm-testsuite/json/core-2022-tables');
}

function wasmFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...wasmFiles(p));
    else if (name.endsWith('.wasm')) out.push(p);
  }
  return out;
}

const tmp = mkdtempSync(join(tmpdir(), 'wat-roundtrip-'));
const counts = { modules: 0, same: 0, different: 0, weftError: 0, notPrintable: 0, notReassembled: 0 };
const problems: string[] = [];
let parseMs = 0;
let textBytes = 0;
for (const file of dirs.flatMap(wasmFiles)) {
  counts.modules++;
  const printed = spawnSync('wasm2wat', ['--no-check', file], { encoding: 'utf8' });
  if (printed.status !== 0) {
    counts.notPrintable++;
    continue;
  }
  const watPath = join(tmp, 'm.wat');
  const refPath = join(tmp, 'm.wasm');
  writeFileSync(watPath, printed.stdout);
  const assembled = spawnSync('wat2wasm', ['--no-check', watPath, '-o', refPath], { encoding: 'utf8' });
  if (assembled.status !== 0) {
    counts.notReassembled++;
    continue;
  }
  const expected = readFileSync(refPath);
  let actual: Uint8Array;
  try {
    const t0 = performance.now();
    actual = wat2wasm(printed.stdout);
    parseMs += performance.now() - t0;
    textBytes += printed.stdout.length;
  } catch (err) {
    counts.weftError++;
    problems.push(`${file}: weft error: ${(err as Error).message}`);
    continue;
  }
  if (Buffer.compare(Buffer.from(actual), expected) === 0) counts.same++;
  else {
    counts.different++;
    let at = 0;
    while (at < actual.length && actual[at] === expected[at]) at++;
    problems.push(`${file}: bytes differ at offset 0x${at.toString(16)} (weft ${actual.length} B, wabt ${expected.length} B)`);
  }
}
rmSync(tmp, { recursive: true, force: true });
for (const p of problems.slice(0, 2000)) console.log(p);
console.log(
  `${counts.modules} modules: ${counts.same} same bytes, ${counts.different} different, ${counts.weftError} weft errors; ` +
    `not printable by wasm2wat: ${counts.notPrintable}, not re-assembled by wat2wasm: ${counts.notReassembled}`,
);
console.log(`weft wat2wasm: ${(textBytes / 1e6).toFixed(1)} MB of text in ${parseMs.toFixed(0)} ms`);
process.exitCode = counts.different + counts.weftError > 0 ? 1 : 0;
