import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CompileError, Engine, Instance, Store } from './index.js';
import { readModule, readModuleAsync } from './node.js';

const path = (name: string) => fileURLToPath(new URL(`../test/fixtures/${name}`, import.meta.url));

describe('@weft/engine/node', () => {
  it('reads modules from files', async () => {
    const engine = new Engine();
    const store = new Store(engine);
    const sync = readModule(engine, path('add.wasm'));
    expect(new Instance(store, sync, []).getFunc(store, 'add')!.call(store, [1, 2])).toEqual([3]);
    expect((await readModuleAsync(engine, path('add.wasm'))).exports().length).toBe(sync.exports().length);
    expect(() => readModule(engine, path('add.wat'))).toThrow(CompileError);
    expect(() => readModule(engine, path('missing.wasm'))).toThrow(/ENOENT/);
  });
});
