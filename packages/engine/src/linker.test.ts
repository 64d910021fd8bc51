import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Engine, Func, Global, Instance, LinkError, Linker, Memory, Module, Store, Table, Trap, TrapCode } from './index.js';

const fixture = (name: string) => readFileSync(new URL(`../test/fixtures/${name}.wasm`, import.meta.url));
const engine = new Engine();
const imports = new Module(engine, fixture('imports'));
const unknown = new Module(engine, fixture('unknown'));

function envLinker(store: Store<{ lines: string[] }>) {
  const linker = new Linker<{ lines: string[] }>(engine);
  const memory = new Memory(store, { min: 1 });
  linker
    .funcWrap('env', 'log', { params: ['i32', 'i32'], results: [] }, (caller, ptr: number, len: number) => {
      caller.data.lines.push(new TextDecoder().decode(memory.read(caller, ptr, len)));
    })
    .funcWrap('env', 'double', { params: ['i32'], results: ['i32'] }, (_c, x: number) => 2 * x)
    .define(store, 'env', 'memory', memory)
    .define(store, 'env', 'table', new Table(store, { element: 'funcref', min: 1 }, null))
    .define(store, 'env', 'base', new Global(store, { type: 'i32', mutable: false }, 1));
  return linker;
}

describe('Linker', () => {
  it('resolves imports by name', () => {
    const store = new Store(engine, { lines: [] as string[] });
    const i = envLinker(store).instantiate(store, imports);
    i.getFunc(store, 'hello')!.call(store, []);
    expect(store.data.lines).toEqual(['hello from wasm']);
    expect(i.getTypedFunc(store, 'compute', ['i32'], ['i32']).call(store, 5)).toBe(11);
  });

  it('reports unknown and incompatible imports as Wasmtime does', () => {
    const store = new Store(engine, { lines: [] as string[] });
    const linker = new Linker(engine);
    expect(() => linker.instantiate(store, imports)).toThrow(LinkError);
    expect(() => linker.instantiate(store, imports)).toThrow('unknown import: `env::log` has not been defined');
    linker.funcWrap('env', 'log', { params: ['i32'], results: [] }, () => {});
    expect(() => linker.instantiatePre(imports)).toThrow(
      'incompatible import type for `env::log`: function types incompatible: expected func of type `(i32, i32) -> ()`, found func of type `(i32) -> ()`',
    );
    linker.allowShadowing(true).define(store, 'env', 'log', new Memory(store, { min: 1 }));
    expect(() => linker.instantiatePre(imports)).toThrow(/incompatible import type for `env::log`: expected func, but found memory/);
  });

  it('forbids shadowing unless allowed', () => {
    const linker = new Linker(engine);
    const t = { params: [], results: ['i32'] } as const;
    linker.funcWrap('m', 'f', t, () => 1);
    expect(() => linker.funcWrap('m', 'f', t, () => 2)).toThrow('import of `m::f` defined twice');
    linker.allowShadowing(true).funcWrap('m', 'f', t, () => 2);
    const store = new Store(engine);
    expect((linker.get(store, 'm', 'f') as Func).call(store, [])).toEqual([2]);
  });

  it('creates host functions once per store', () => {
    const linker = new Linker(engine).funcWrap('m', 'f', { params: [], results: [] }, () => {});
    const a = new Store(engine);
    const b = new Store(engine);
    expect(linker.get(a, 'm', 'f')).toBe(linker.get(a, 'm', 'f'));
    expect(linker.get(a, 'm', 'f')).not.toBe(linker.get(b, 'm', 'f'));
    expect(linker.get(a, 'm', 'nope')).toBeUndefined();
  });

  it('defines instances, aliases and modules of aliases', () => {
    const store = new Store(engine);
    const lib = new Instance(store, new Module(engine, fixture('add')), []);
    const linker = new Linker(engine).instance(store, 'lib', lib);
    expect(linker.get(store, 'lib', 'add')).toBe(lib.getFunc(store, 'add'));
    linker.alias('lib', 'add', 'other', 'plus');
    expect(linker.get(store, 'other', 'plus')).toBe(lib.getFunc(store, 'add'));
    linker.aliasModule('lib', 'copy');
    expect(linker.get(store, 'copy', 'memory')).toBe(lib.getMemory(store, 'memory'));
    expect(() => linker.alias('lib', 'nope', 'x', 'y')).toThrow(LinkError);
    expect(() => linker.aliasModule('lib', 'copy')).toThrow('defined twice');
  });

  it('instantiatePre resolves once and instantiates in many stores', () => {
    const linker = new Linker<{ n: number }>(engine);
    linker.funcWrap('env', 'missing', { params: [], results: ['i32'] }, (caller) => ++caller.data.n);
    const pre = linker.instantiatePre(unknown);
    for (const start of [0, 10]) {
      const store = new Store(engine, { n: start });
      const bad = pre.instantiate(store).getTypedFunc(store, 'bad', [], ['i32']);
      expect(bad.call(store)).toBe(start + 1);
    }
    const other = new Store(engine, { n: 0 });
    const pinned = new Linker<{ n: number }>(engine).define(
      other,
      'env',
      'missing',
      new Func(other, { params: [], results: ['i32'] }, () => 1),
    );
    const p2 = pinned.instantiatePre(unknown);
    expect(() => p2.instantiate(new Store(engine, { n: 0 }))).toThrow(/wrong store/);
  });

  it('defines unknown imports as traps', () => {
    const store = new Store(engine);
    const linker = new Linker(engine);
    linker.defineUnknownImportsAsTraps(store, unknown);
    const i = linker.instantiate(store, unknown);
    expect(i.getTypedFunc(store, 'ok', [], ['i32']).call(store)).toBe(1);
    try {
      i.getFunc(store, 'bad')!.call(store, []);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(Trap);
      expect((e as Trap).code).toBe(TrapCode.HostError);
      expect((e as Trap).reason).toBe('unknown import: `env::missing` has not been defined');
    }
  });

  it('gives commands a fresh instance per call', () => {
    const store = new Store(engine, { reports: [] as number[] });
    const linker = new Linker<{ reports: number[] }>(engine);
    linker.funcWrap('host', 'report', { params: ['i32'], results: [] }, (caller, n: number) => {
      caller.data.reports.push(n);
    });
    linker.module(store, 'cmd', new Module(engine, fixture('command')));
    const start = linker.getDefault(store, 'cmd');
    start.call(store, []);
    start.call(store, []);
    (linker.get(store, 'cmd', '_start') as Func).call(store, []);
    expect(store.data.reports).toEqual([1, 1, 1]);
    expect(linker.get(store, 'cmd', 'memory')).toBeUndefined(); // allowed, but not defined
  });

  it('instantiates reactors once and runs _initialize', () => {
    const store = new Store(engine);
    const linker = new Linker(engine);
    linker.module(store, 'lib', new Module(engine, fixture('reactor')));
    const next = linker.get(store, 'lib', 'next') as Func;
    expect(next.call(store, [])).toEqual([101]);
    expect(next.call(store, [])).toEqual([102]);
    const noop = linker.getDefault(store, 'lib');
    expect(noop.call(store, [])).toEqual([]);
  });

  it('rejects command exports that are not functions unless allowed', () => {
    const store = new Store(engine);
    const cmd = new Module(engine, fixture('command-global'));
    const linker = new Linker(engine);
    expect(() => linker.module(store, 'c', cmd)).toThrow("command export 'g' is not a function");
    linker.allowUnknownExports(true).module(store, 'c', cmd);
    expect(linker.get(store, 'c', '_start')).toBeInstanceOf(Func);
    expect(linker.get(store, 'c', 'g')).toBeUndefined();
  });
});
