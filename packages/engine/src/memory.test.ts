import { describe, expect, it } from 'vitest';
import { Engine, Func, Global, Memory, Store, Table, Val, WeftError } from './index.js';

const engine = new Engine();

describe('Memory', () => {
  it('reads, writes and grows with bounds checks', () => {
    const store = new Store(engine);
    const m = new Memory(store, { min: 1, max: 3 });
    expect(m.size(store)).toBe(1);
    expect(m.dataLength(store)).toBe(65536);
    m.write(store, 65534, new Uint8Array([1, 2]));
    expect([...m.read(store, 65534, 2)]).toEqual([1, 2]);
    expect(() => m.write(store, 65535, new Uint8Array([1, 2]))).toThrow(RangeError);
    expect(() => m.read(store, -1, 1)).toThrow(RangeError);
    expect(m.grow(store, 2)).toBe(1);
    expect(m.size(store)).toBe(3);
    expect([...m.read(store, 65534, 2)]).toEqual([1, 2]); // contents survive reallocation
    expect(m.read(store, 3 * 65536 - 4, 4)).toEqual(new Uint8Array(4));
    expect(() => m.grow(store, 1)).toThrow(WeftError);
    expect(m.type(store)).toEqual({ min: 3, max: 3 });
    expect(m.data(store).length).toBe(3 * 65536);
    expect(m.view(store).byteLength).toBe(3 * 65536);
  });

  it('grows geometrically and zero-fills the headroom', () => {
    const store = new Store(engine);
    const m = new Memory(store, { min: 0 });
    expect(m.grow(store, 1)).toBe(0);
    const buffers = new Set<ArrayBuffer>();
    for (let i = 0; i < 64; i++) {
      m.grow(store, 1);
      buffers.add(m.buffer(store));
    }
    expect(m.size(store)).toBe(65);
    expect(buffers.size).toBeLessThan(10);
    expect(m.buffer(store).byteLength).toBeGreaterThanOrEqual(65 * 65536);
  });

  it('rejects bad limits and shared memories', () => {
    const store = new Store(engine);
    expect(() => new Memory(store, { min: 2, max: 1 })).toThrow(/above its maximum/);
    expect(() => new Memory(store, { min: 65537 })).toThrow(TypeError);
    expect(() => new Memory(store, { min: 1.5 })).toThrow(TypeError);
    expect(() => new Memory(store, { min: 1, max: 1, shared: true })).toThrow(/not supported yet/);
  });

  it('belongs to one store', () => {
    const a = new Store(engine);
    const b = new Store(engine);
    const m = new Memory(a, { min: 1 });
    expect(() => m.size(b)).toThrow('Memory used with the wrong store');
  });
});

describe('Global', () => {
  it('holds JS values and Vals with exact bits', () => {
    const store = new Store(engine);
    const g = new Global(store, { type: 'f32', mutable: true }, 1.5);
    expect(g.get(store)).toBe(1.5);
    g.setVal(store, Val.f32Bits(0x7fa00001));
    expect(g.getVal(store)).toEqual({ type: 'f32', bits: 0x7fa00001 });
    const d = new Global(store, { type: 'f64', mutable: false }, Val.f64Bits(0xfff4000000000001n));
    expect(d.getVal(store)).toEqual({ type: 'f64', bits: 0xfff4000000000001n });
    expect(() => d.set(store, 1)).toThrow('immutable global cannot be set');
    expect(d.type(store)).toEqual({ type: 'f64', mutable: false });
  });

  it('checks value types', () => {
    const store = new Store(engine);
    expect(() => new Global(store, { type: 'i64', mutable: false }, 1)).toThrow(/expected a bigint for i64/);
    expect(() => new Global(store, { type: 'x' as never, mutable: false }, 1)).toThrow(/unknown value type/);
    const g = new Global(store, { type: 'i32', mutable: true }, 0xffffffff);
    expect(g.get(store)).toBe(-1);
    expect(() => g.setVal(store, Val.i64(1n))).toThrow(/expected a Val of type i32, got i64/);
    const r = new Global(store, { type: 'externref', mutable: true }, null);
    const obj = { type: 'i32', value: 1 };
    r.set(store, obj);
    expect(r.get(store)).toBe(obj);
  });
});

describe('Table', () => {
  it('gets, sets and grows', () => {
    const store = new Store(engine);
    const t = new Table(store, { element: 'funcref', min: 2, max: 4 }, null);
    const f = new Func(store, { params: [], results: [] }, () => {});
    t.set(store, 1, f);
    expect(t.get(store, 1)).toBe(f);
    expect(t.get(store, 0)).toBeNull();
    expect(t.get(store, 2)).toBeUndefined();
    expect(t.grow(store, 2, f)).toBe(2);
    expect(t.get(store, 3)).toBe(f);
    expect(() => t.grow(store, 1, null)).toThrow(WeftError);
    expect(() => t.set(store, 4, null)).toThrow(RangeError);
    expect(() => t.set(store, 0, 5)).toThrow(/expected a Func or null/);
    expect(t.type(store)).toEqual({ element: 'funcref', min: 4, max: 4 });
  });

  it('refuses functions of another store', () => {
    const a = new Store(engine);
    const b = new Store(engine);
    const t = new Table(a, { element: 'funcref', min: 1 }, null);
    const f = new Func(b, { params: [], results: [] }, () => {});
    expect(() => t.set(a, 0, f)).toThrow('Func used with the wrong store');
  });

  it('holds any value in externref tables', () => {
    const store = new Store(engine);
    const t = new Table(store, { element: 'externref', min: 1 }, 'init');
    expect(t.get(store, 0)).toBe('init');
    expect(() => new Table(store, { element: 'i32' as never, min: 1 }, null)).toThrow(/element type/);
  });
});
