import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  CompileError,
  Engine,
  Func,
  Global,
  Instance,
  LinkError,
  Memory,
  Module,
  Store,
  Table,
  Trap,
  TrapCode,
  WeftError,
} from './index.js';

const fixture = (name: string) => readFileSync(new URL(`../test/fixtures/${name}.wasm`, import.meta.url));
const engine = new Engine();
const adder = new Module(engine, fixture('add'));

describe('Module', () => {
  it('lists imports and exports with their types', () => {
    const m = new Module(engine, fixture('imports'));
    expect(m.imports()).toEqual([
      { module: 'env', name: 'log', type: { kind: 'func', params: ['i32', 'i32'], results: [] } },
      { module: 'env', name: 'double', type: { kind: 'func', params: ['i32'], results: ['i32'] } },
      { module: 'env', name: 'memory', type: { kind: 'memory', min: 1 } },
      { module: 'env', name: 'table', type: { kind: 'table', element: 'funcref', min: 1 } },
      { module: 'env', name: 'base', type: { kind: 'global', type: 'i32', mutable: false } },
    ]);
    expect(adder.exports().slice(0, 5)).toEqual([
      { name: 'memory', type: { kind: 'memory', min: 1, max: 4 } },
      { name: 'table', type: { kind: 'table', element: 'funcref', min: 2 } },
      { name: 'answer', type: { kind: 'global', type: 'i32', mutable: false } },
      { name: 'counter', type: { kind: 'global', type: 'i64', mutable: true } },
      { name: 'add', type: { kind: 'func', params: ['i32', 'i32'], results: ['i32'] } },
    ]);
    expect(adder.name).toBe('adder');
  });

  it('rejects malformed and invalid binaries with CompileError', () => {
    expect(() => new Module(engine, new Uint8Array([0, 0x61, 0x73, 0x6d, 2, 0, 0, 0]))).toThrow(CompileError);
    try {
      Module.validate(engine, new Uint8Array([0, 0x61, 0x73, 0x6e, 1, 0, 0, 0]));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(CompileError);
      expect((e as CompileError).malformed).toBe(true);
    }
    expect(() => Module.validate(engine, fixture('add'))).not.toThrow();
    // A string is WebAssembly text: one that is not a module is a CompileError with its position.
    expect(() => new Module(engine, 'nope')).toThrow(/at line 1, column 1/);
    expect(() => new Module(engine, 42 as never)).toThrow(TypeError);
  });

  it('owns its bytes', () => {
    const bytes = new Uint8Array(fixture('add'));
    const m = new Module(engine, bytes);
    bytes.fill(0);
    const store = new Store(engine);
    const i = new Instance(store, m, []);
    expect([...i.getMemory(store, 'memory')!.read(store, 16, 5)]).toEqual([...new TextEncoder().encode('hello')]);
  });
});

describe('Instance', () => {
  it('exposes exports as stable handles', () => {
    const store = new Store(engine);
    const i = new Instance(store, adder, []);
    expect(i.getFunc(store, 'add')!.call(store, [2, 40])).toEqual([42]);
    expect(i.getFunc(store, 'add')).toBe(i.getFunc(store, 'add'));
    expect(i.getMemory(store, 'memory')).toBe(i.getExport(store, 'memory'));
    expect(i.getGlobal(store, 'answer')!.get(store)).toBe(42);
    expect(i.getFunc(store, 'answer')).toBeUndefined();
    expect(i.getExport(store, 'nope')).toBeUndefined();
    expect(i.exports(store).map((e) => e.name)).toEqual(adder.exports().map((e) => e.name));
    expect(i.getTable(store, 'table')!.get(store, 0)).toBe(i.getFunc(store, 'add'));
  });

  it('calls with typed functions and multi-value results', () => {
    const store = new Store(engine);
    const i = new Instance(store, adder, []);
    const add = i.getTypedFunc(store, 'add', ['i32', 'i32'], ['i32']);
    expect(add.call(store, 0x7fffffff, 1)).toBe(-0x80000000);
    expect(i.getTypedFunc(store, 'swap', ['i32', 'i64'], ['i64', 'i32']).call(store, 1, 2n)).toEqual([2n, 1]);
    const bump = i.getTypedFunc(store, 'bump', [], ['i64']);
    bump.call(store);
    expect(bump.call(store)).toBe(2n);
    expect(i.getGlobal(store, 'counter')!.get(store)).toBe(2n);
    expect(() => i.getTypedFunc(store, 'add', ['i32'], ['i32'])).toThrow(LinkError);
    expect(() => i.getTypedFunc(store, 'add', ['i32'], ['i32'])).toThrow(
      'export `add`: type mismatch: expected func of type `(i32) -> (i32)`, found func of type `(i32, i32) -> (i32)`',
    );
    expect(() => i.getTypedFunc(store, 'missing', [], [])).toThrow('failed to find function export `missing`');
  });

  it('checks arguments', () => {
    const store = new Store(engine);
    const add = new Instance(store, adder, []).getFunc(store, 'add')!;
    expect(() => add.call(store, [1])).toThrow('expected 2 arguments, got 1');
    expect(() => add.call(store, [1, 2n])).toThrow('argument 1: expected a number for i32, got bigint');
    expect(add.type(store)).toEqual({ params: ['i32', 'i32'], results: ['i32'] });
  });

  it('sees memory growth from wasm and host alike', () => {
    const store = new Store(engine);
    const i = new Instance(store, adder, []);
    const mem = i.getMemory(store, 'memory')!;
    const grow = i.getTypedFunc(store, 'grow', ['i32'], ['i32']);
    const load = i.getTypedFunc(store, 'load', ['i32'], ['i32']);
    expect(grow.call(store, 2)).toBe(1);
    expect(mem.size(store)).toBe(3);
    mem.write(store, 3 * 65536 - 4, new Uint8Array([1, 0, 0, 0]));
    expect(load.call(store, 3 * 65536 - 4)).toBe(1);
    expect(grow.call(store, 2)).toBe(-1);
    expect(mem.grow(store, 1)).toBe(3);
    expect(load.call(store, 4 * 65536 - 4)).toBe(0);
  });

  it('instantiates with imports in order and type-checks them', () => {
    const store = new Store(engine, { lines: [] as string[] });
    const memory = new Memory(store, { min: 1 });
    const table = new Table(store, { element: 'funcref', min: 1 }, null);
    const base = new Global(store, { type: 'i32', mutable: false }, 100);
    const log = new Func(store, { params: ['i32', 'i32'], results: [] }, (caller, ptr: number, len: number) => {
      const mem = caller.getExport('memory') ?? memory;
      (caller.data as { lines: string[] }).lines.push(new TextDecoder().decode((mem as Memory).read(caller, ptr, len)));
    });
    const double = new Func(store, { params: ['i32'], results: ['i32'] }, (_c, x: number) => x * 2);
    const m = new Module(engine, fixture('imports'));
    const i = new Instance(store, m, [log, double, memory, table, base]);
    i.getFunc(store, 'hello')!.call(store, []);
    expect(store.data.lines).toEqual(['hello from wasm']);
    expect(i.getTypedFunc(store, 'compute', ['i32'], ['i32']).call(store, 21)).toBe(142);
    table.set(store, 0, double);
    expect(i.getTypedFunc(store, 'call0', ['i32'], ['i32']).call(store, 4)).toBe(8);

    expect(() => new Instance(store, m, [log, double, memory, table])).toThrow('expected 5 imports, found 4');
    expect(() => new Instance(store, m, [double, double, memory, table, base])).toThrow(
      'incompatible import type for `env::log`: function types incompatible: expected func of type `(i32, i32) -> ()`, found func of type `(i32) -> (i32)`',
    );
    expect(() => new Instance(store, m, [log, double, table, table, base])).toThrow(
      'incompatible import type for `env::memory`: expected memory, but found table',
    );
    const mutBase = new Global(store, { type: 'i32', mutable: true }, 1);
    expect(() => new Instance(store, m, [log, double, memory, table, mutBase])).toThrow(
      /incompatible import type for `env::base`: global types incompatible/,
    );
    const small = new Table(store, { element: 'funcref', min: 0 }, null);
    expect(() => new Instance(store, m, [log, double, memory, small, base])).toThrow(LinkError);
    const other = new Store(engine);
    const foreign = new Memory(other, { min: 1 });
    expect(() => new Instance(store, m, [log, double, foreign, table, base])).toThrow(WeftError);
    expect(() => new Instance(store, m, [log, double, foreign, table, base])).toThrow(/wrong store/);
  });

  it('applies segments one by one, keeping earlier writes (Wasm 2.0)', () => {
    const store = new Store(engine);
    const table = new Table(store, { element: 'funcref', min: 2 }, null);
    const memory = new Memory(store, { min: 1 });
    const m = new Module(engine, fixture('segments'));
    try {
      new Instance(store, m, [table, memory]);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(Trap);
      expect((e as Trap).code).toBe(TrapCode.TableOutOfBounds);
      expect((e as Trap).message).toBe('out of bounds table access');
    }
    expect(table.get(store, 0)).toBeInstanceOf(Func);
    expect((table.get(store, 0) as Func).call(store, [])).toEqual([7]);
    expect(table.get(store, 1)).toBeNull();
    expect(memory.read(store, 0, 2)).toEqual(new Uint8Array(2)); // data comes after elements: never written

    const mem2 = new Memory(store, { min: 1 });
    expect(() => new Instance(store, new Module(engine, fixture('data-oob')), [mem2])).toThrow(
      'out of bounds memory access',
    );
    expect(new TextDecoder().decode(mem2.read(store, 0, 5))).toBe('first');
  });

  it('runs the start function, which may call the host', () => {
    const store = new Store(engine);
    const seen: number[] = [];
    const started = new Func(store, { params: ['i32'], results: [] }, (_c, x: number) => void seen.push(x));
    new Instance(store, new Module(engine, fixture('start')), [started]);
    expect(seen).toEqual([5]);
  });

  it('refuses modules of another engine', () => {
    const store = new Store(new Engine());
    expect(() => new Instance(store, adder, [])).toThrow('cross-Engine instantiation is not currently supported');
  });
});
