import { describe, expect, it } from 'vitest';
import { Engine, WeftError } from './index.js';

describe('Config', () => {
  it('fills in Wasmtime defaults', () => {
    const c = new Engine().config;
    expect(c).toMatchObject({
      wasmMultiValue: true,
      wasmBulkMemory: true,
      wasmReferenceTypes: true,
      wasmSimd: false,
      maxWasmStack: 512 * 1024,
      consumeFuel: false,
      epochInterruption: false,
    });
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('maps flags to pipeline features', () => {
    const e = new Engine({ wasmSignExtension: false, wasmMultiValue: false });
    expect(e.features.signExtension).toBe(false);
    expect(e.features.multiValue).toBe(false);
    expect(e.features.bulkMemory).toBe(true);
  });

  it('names the bad field', () => {
    expect(() => new Engine({ maxWasmStack: 10 })).toThrow(/maxWasmStack: must be at least 4096 bytes/);
    expect(() => new Engine({ wasmBulkMemory: 'yes' as never })).toThrow(TypeError);
    expect(() => new Engine({ wasmBulkMemory: 'yes' as never })).toThrow(/wasmBulkMemory/);
    expect(() => new Engine({ fuel: true } as never)).toThrow(/Unrecognized key: "fuel"/);
  });

  it('rejects features that are not supported yet, clearly', () => {
    expect(() => new Engine({ wasmSimd: true })).toThrow(WeftError);
    expect(() => new Engine({ wasmSimd: true })).toThrow('Config.wasmSimd is not supported yet');
    expect(() => new Engine({ consumeFuel: true, epochInterruption: true })).not.toThrow();
  });

  it('resolves fuel costs with defaults, overrides sorted by name', () => {
    expect(new Engine().config.fuelCosts).toEqual({ operators: {}, bytesPerFuel: 64, elementsPerFuel: 8 });
    const c = new Engine({ fuelCosts: { operators: { 'i64.div_s': 4, call: 2 }, bytesPerFuel: 16 } }).config;
    expect(Object.keys(c.fuelCosts.operators)).toEqual(['call', 'i64.div_s']);
    expect(c.fuelCosts).toMatchObject({ bytesPerFuel: 16, elementsPerFuel: 8 });
    expect(() => new Engine({ fuelCosts: { operators: { call: -1 } } })).toThrow(/fuelCosts.operators.call/);
    expect(() => new Engine({ fuelCosts: { bytesPerFuel: 0 } })).toThrow(/fuelCosts.bytesPerFuel/);
  });

  it('rejects reference types without bulk memory, as Wasmtime does', () => {
    expect(() => new Engine({ wasmBulkMemory: false })).toThrow(/requires Config.wasmBulkMemory/);
    expect(() => new Engine({ wasmBulkMemory: false, wasmReferenceTypes: false })).not.toThrow();
  });
});

describe('Engine', () => {
  it('interns function types engine-wide', () => {
    const e = new Engine();
    const a = e.internFuncType({ params: [0x7f, 0x7e], results: [0x7d] });
    const b = e.internFuncType({ params: [0x7f, 0x7e], results: [0x7d] });
    const c = e.internFuncType({ params: [0x7f], results: [0x7e, 0x7d] });
    const d = e.internFuncType({ params: [0x7f, 0x7e, 0x7d], results: [] });
    expect(a).toBe(b);
    expect(new Set([a, c, d]).size).toBe(3);
    expect(e.funcTypeOf(c)).toEqual({ params: [0x7f], results: [0x7e, 0x7d] });
  });
});
