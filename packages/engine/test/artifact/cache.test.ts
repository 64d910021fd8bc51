/**
 * The module cache (`Config.cache`) with the Node backend of `@weft/engine/node`: a miss compiles and stores one
 * entry atomically, a hit loads it, a corrupt or foreign entry is ignored and rewritten, engines with other
 * settings use other keys, and runtime-only settings share entries.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cacheKey, cacheStats } from '../../src/artifact/cache.js';
import { Engine, Module } from '../../src/index.js';
import { deserializeFile } from '../../src/node.js';
import { FIXTURE, runAll } from './helpers.js';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'weft-cache-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const delta = (f: () => void) => {
  const before = { ...cacheStats };
  f();
  return {
    hits: cacheStats.hits - before.hits,
    misses: cacheStats.misses - before.misses,
    rejected: cacheStats.rejected - before.rejected,
  };
};

describe('module cache', () => {
  it('stores on a miss and loads on a hit, keyed by fingerprint and bytes', () => {
    const directory = join(tempDir(), 'nested', 'cache');
    const engine = new Engine({ cache: { directory } });
    let first!: Module;
    expect(delta(() => (first = new Module(engine, FIXTURE)))).toEqual({ hits: 0, misses: 1, rejected: 0 });
    const key = cacheKey(engine, FIXTURE);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(readdirSync(directory)).toEqual([`${key}.cwasm`]); // no temp files left behind
    let second!: Module;
    expect(delta(() => (second = new Module(engine, FIXTURE)))).toEqual({ hits: 1, misses: 0, rejected: 0 });
    expect(runAll(engine, second)).toEqual(runAll(engine, first));
    // The entry is an ordinary artifact.
    expect(deserializeFile(engine, join(directory, `${key}.cwasm`)).exports()).toEqual(first.exports());
    // A runtime-only setting shares entries; a compile setting does not.
    const bigStack = new Engine({ cache: { directory }, maxWasmStack: 1 << 20 });
    expect(cacheKey(bigStack, FIXTURE)).toBe(key);
    expect(delta(() => new Module(bigStack, FIXTURE))).toEqual({ hits: 1, misses: 0, rejected: 0 });
    const other = new Engine({ cache: { directory }, wasmSignExtension: false });
    expect(cacheKey(other, FIXTURE)).not.toBe(key);
    expect(delta(() => new Module(other, FIXTURE))).toEqual({ hits: 0, misses: 1, rejected: 0 });
    expect(readdirSync(directory)).toHaveLength(2);
    // Other bytes, other key.
    const changed = FIXTURE.slice();
    changed[changed.length - 1] ^= 1; // inside the name section's last name
    expect(cacheKey(engine, changed)).not.toBe(key);
  });

  it('ignores and rewrites a corrupt entry', () => {
    const directory = tempDir();
    const engine = new Engine({ cache: { directory } });
    new Module(engine, FIXTURE);
    const file = join(directory, `${cacheKey(engine, FIXTURE)}.cwasm`);
    const good = readFileSync(file);
    writeFileSync(file, good.subarray(0, good.length >> 1));
    let m!: Module;
    expect(delta(() => (m = new Module(engine, FIXTURE)))).toEqual({ hits: 0, misses: 1, rejected: 1 });
    expect(runAll(engine, m)[0]).toEqual([12]);
    expect(readFileSync(file)).toEqual(good);
    expect(delta(() => new Module(engine, FIXTURE))).toEqual({ hits: 1, misses: 0, rejected: 0 });
  });

  it('still reports compile errors, and does not cache them', () => {
    const directory = tempDir();
    const engine = new Engine({ cache: { directory } });
    expect(() => new Module(engine, new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 99]))).toThrow(/section/);
    expect(readdirSync(directory)).toEqual([]);
  });

  it('keeps working when the folder cannot be written', () => {
    const file = join(tempDir(), 'not-a-folder');
    writeFileSync(file, 'x');
    const engine = new Engine({ cache: { directory: join(file, 'sub') } });
    const before = cacheStats.writeErrors;
    expect(new Module(engine, FIXTURE).exports().length).toBeGreaterThan(0);
    expect(cacheStats.writeErrors).toBe(before + 1);
  });

  it('checks its config', () => {
    expect(() => new Engine({ cache: { directory: '' } })).toThrow(/cache.directory: must not be empty/);
    expect(() => new Engine({ cache: { dir: 'x' } as never })).toThrow(/cache/);
  });
});
