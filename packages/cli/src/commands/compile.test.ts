/**
 * `weft compile` through `main`: writes an artifact that `Module.deserialize` loads and that runs like the
 * module; names the default output after the input; reports unreadable and invalid input; and the artifact
 * records `--features`.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { DeserializeError, Engine, Instance, Module, Store } from '@weft/engine';
import { main } from '../main.js';

const add = fileURLToPath(new URL('../../../engine/test/fixtures/add.wasm', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'weft-compile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const status = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { status, out: out.join('\n'), err: err.join('\n') };
}

describe('weft compile', () => {
  it('writes an artifact that loads and runs', async () => {
    const output = join(dir, 'add.cwasm');
    expect(await run('compile', add, '-o', output)).toMatchObject({ status: 0, err: '' });
    const artifact = readFileSync(output);
    expect(Engine.detectPrecompiled(artifact)).toBe('module');
    const engine = new Engine();
    const store = new Store(engine);
    const instance = new Instance(store, Module.deserialize(engine, artifact), []);
    expect(instance.getFunc(store, 'add')!.call(store, [40, 2])).toEqual([42]);
  });

  it('names the output after the input by default', async () => {
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      expect((await run('compile', add)).status).toBe(0);
      expect(Engine.detectPrecompiled(readFileSync(join(dir, 'add.cwasm')))).toBe('module');
    } finally {
      process.chdir(cwd);
    }
  });

  it('records --features, so the artifact needs a matching engine', async () => {
    const output = join(dir, 'add-nosignext.cwasm');
    expect((await run('compile', '--features=-sign-extension', add, '-o', output)).status).toBe(0);
    const artifact = readFileSync(output);
    expect(() => Module.deserialize(new Engine(), artifact)).toThrow(DeserializeError);
    expect(() => Module.deserialize(new Engine(), artifact)).toThrow(/wasmSignExtension=false/);
    const noSignExt = new Engine({ wasmSignExtension: false });
    expect(Module.deserialize(noSignExt, artifact).exports()).toEqual(new Module(noSignExt, readFileSync(add)).exports());
  });

  it('compiles with fuel and epoch checks on request', async () => {
    const output = join(dir, 'add-metered.cwasm');
    expect((await run('compile', '--consume-fuel', '--epoch-interruption', add, '-o', output)).status).toBe(0);
    const artifact = readFileSync(output);
    expect(() => Module.deserialize(new Engine(), artifact)).toThrow(/compiled with consumeFuel=true/);
    const metered = new Engine({ consumeFuel: true, epochInterruption: true });
    expect(Module.deserialize(metered, artifact).exports().length).toBeGreaterThan(0);
  });

  it('reports bad input and bad usage', async () => {
    const bad = join(dir, 'bad.wasm');
    writeFileSync(bad, new Uint8Array([0, 0x61, 0x73, 0x6d, 2, 0, 0, 0]));
    const invalid = await run('compile', bad, '-o', join(dir, 'bad.cwasm'));
    expect(invalid.status).toBe(1);
    expect(invalid.err).toMatch(/failed to compile .*bad\.wasm/);
    const missing = await run('compile', join(dir, 'missing.wasm'));
    expect(missing.status).toBe(1);
    expect(missing.err).toMatch(/failed to read input file/);
    expect((await run('compile')).status).toBe(2);
    expect((await run('compile', add, add)).status).toBe(2);
    expect((await run('compile', '--help')).out).toMatch(/Usage: weft compile/);
  });
});
