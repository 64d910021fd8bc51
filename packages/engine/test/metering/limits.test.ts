/**
 * Store limits through the public API (fixture `../fixtures/limits.wat`): `StoreLimits` bound memory size, table
 * elements and the counts of instances, memories and tables; a denied `memory.grow`/`table.grow` returns -1, or
 * traps with `trapOnGrowFailure`; a custom `ResourceLimiter` sees every growth and may allow, deny or throw.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Engine, Func, Instance, Memory, Module, Store, Table, Trap, TrapCode, WeftError, type ResourceLimiter } from '@weft/engine';

const bytes = readFileSync(new URL('../fixtures/limits.wasm', import.meta.url));
const engine = new Engine();
const module = new Module(engine, bytes);
const PAGE = 65536;

function instantiate(store: Store) {
  const host = new Func(store, { params: ['i32'], results: ['i32'] }, (_c, x: number) => x);
  const instance = new Instance(store, module, [host]);
  return (name: string, ...args: number[]) => instance.getFunc(store, name)!.call(store, args)[0];
}

describe('StoreLimits', () => {
  it('bounds memory size: memory.grow returns -1 past it', () => {
    const store = new Store(engine);
    store.limiter({ memorySize: 4 * PAGE });
    const call = instantiate(store);
    expect(call('grow', 3)).toBe(1);
    expect(call('grow', 1)).toBe(-1);
    expect(call('grow', 0)).toBe(4);
    const memory = new Memory(store, { min: 1 });
    expect(() => memory.grow(store, 4)).toThrow(WeftError);
    expect(() => new Memory(store, { min: 5 })).toThrow(/exceeds memory limits/);
  });

  it('bounds table elements: table.grow returns -1 past it', () => {
    const store = new Store(engine);
    store.limiter({ tableElements: 10 });
    const call = instantiate(store);
    expect(call('growTable', 9)).toBe(1);
    expect(call('growTable', 1)).toBe(-1);
    expect(() => new Table(store, { element: 'funcref', min: 11 }, null)).toThrow(/exceeds table limits/);
  });

  it('traps on a denied growth with trapOnGrowFailure', () => {
    const store = new Store(engine);
    store.limiter({ memorySize: 2 * PAGE, tableElements: 2, trapOnGrowFailure: true });
    const call = instantiate(store);
    expect(call('grow', 1)).toBe(1);
    expect(() => call('grow', 1)).toThrow(Trap);
    expect(() => call('growTable', 5)).toThrow(/beyond the store limit of 2/);
    // Growth past the memory's own maximum is a failure too.
    const store2 = new Store(engine);
    store2.limiter({ trapOnGrowFailure: true });
    expect(() => instantiate(store2)('grow', 100)).toThrow(Trap);
  });

  it('bounds the number of instances, memories and tables', () => {
    const store = new Store(engine);
    store.limiter({ instances: 2 });
    instantiate(store);
    instantiate(store);
    expect(() => instantiate(store)).toThrow(/instance count too high at 3/);

    const s2 = new Store(engine);
    s2.limiter({ memories: 1 });
    instantiate(s2);
    expect(() => new Memory(s2, { min: 0 })).toThrow(/memory count too high/);
    expect(() => instantiate(s2)).toThrow(/memory count too high/);

    const s3 = new Store(engine);
    s3.limiter({ tables: 2 });
    new Table(s3, { element: 'externref', min: 0 }, null);
    instantiate(s3);
    expect(() => instantiate(s3)).toThrow(/table count too high/);
  });

  it('are off again with limiter(undefined)', () => {
    const store = new Store(engine);
    store.limiter({ memorySize: PAGE });
    expect(instantiate(store)('grow', 1)).toBe(-1);
    store.limiter(undefined);
    expect(instantiate(store)('grow', 1)).toBe(1);
  });
});

describe('ResourceLimiter', () => {
  it('sees every growth and allows, denies or traps', () => {
    const seen: string[] = [];
    const limiter: ResourceLimiter = {
      memoryGrowing(current, desired, maximum) {
        seen.push(`memory ${current}->${desired} max ${maximum}`);
        if (desired > 10 * PAGE) throw new Error('way too much');
        return desired <= 3 * PAGE;
      },
      tableGrowing(current, desired, maximum) {
        seen.push(`table ${current}->${desired} max ${maximum}`);
        return desired <= 4;
      },
      memoryGrowFailed(error) {
        seen.push(`failed: ${error.message}`);
      },
    };
    const store = new Store(engine);
    store.limiter(limiter);
    const call = instantiate(store);
    expect(seen).toEqual([`table 0->1 max 100`, `memory 0->${PAGE} max ${100 * PAGE}`]);
    seen.length = 0;
    expect(call('grow', 2)).toBe(1);
    expect(call('grow', 1)).toBe(-1);
    expect(call('growTable', 3)).toBe(1);
    expect(call('growTable', 1)).toBe(-1);
    expect(seen).toEqual([
      `memory ${PAGE}->${3 * PAGE} max ${100 * PAGE}`,
      `memory ${3 * PAGE}->${4 * PAGE} max ${100 * PAGE}`,
      "failed: memory growth to 4 pages denied by the store's limiter",
      'table 1->4 max 100',
      'table 4->5 max 100',
    ]);
    let trap: unknown;
    try {
      call('grow', 20);
    } catch (err) {
      trap = err;
    }
    expect(trap).toBeInstanceOf(Trap);
    expect((trap as Trap).code).toBe(TrapCode.HostError);
    expect((trap as Trap).reason).toBe('way too much');
  });
});
