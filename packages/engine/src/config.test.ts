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
    for (const key of ['consumeFuel', 'epochInterruption', 'wasmSimd'] as const) {
      expect(() => new Engine({ [key]: true })).toThrow(WeftError);
      expect(() => new Engine({ [key]: true })).toThrow(`Config.${key} is not supported yet`);
    }
    expect(() => new Engine({ consumeFuel: false, epochInterruption: false })).not.toThrow();
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
