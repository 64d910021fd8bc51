/**
 * Module artifacts through the public API: a round trip gives the same module (imports, exports, results,
 * traps with backtraces, fuel when the engine meters it); the engine's precompile entry points; every
 * compatibility field named in its mismatch message; and clear errors for what is not an intact artifact.
 */
import { describe, expect, it } from 'vitest';
import {
  CompileError,
  DeserializeError,
  Engine,
  Module,
  Trap,
  WeftError,
  type Config,
} from '../../src/index.js';
import { CALLS, FIXTURE, parts, rebuild, runAll } from './helpers.js';

function deserializeError(f: () => unknown): string {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(DeserializeError);
    expect(err).toBeInstanceOf(WeftError);
    return (err as Error).message;
  }
  throw new Error('expected a DeserializeError');
}

const fuelSupported = (() => {
  try {
    new Engine({ consumeFuel: true } as Config);
    return true;
  } catch {
    return false;
  }
})();

describe('artifact round trip', () => {
  const engine = new Engine();
  const original = new Module(engine, FIXTURE);
  const artifact = original.serialize();
  const loaded = Module.deserialize(engine, artifact);

  it('gives the same module: imports, exports, name, results, traps and logs', () => {
    expect(loaded.imports()).toEqual(original.imports());
    expect(loaded.exports()).toEqual(original.exports());
    expect(loaded.name).toBe('artifact');
    const want = runAll(engine, original);
    expect(runAll(engine, loaded)).toEqual(want);
    // The fixture really ran: a result, a trap with a named backtrace frame, the host log, the global.
    expect(want[0]).toEqual([12]);
    expect(String(want[CALLS.findIndex(([n, a]) => n === 'trap' && a[0] === 0)])).toMatch(
      /^trap IntegerDivisionByZero integer divide by zero\nwasm backtrace:\n {2}0: artifact!.+ @ 0x[0-9a-f]+$/,
    );
    expect(want.at(-1)).toEqual({ log: [13], counter: 1 });
  });

  it('serializes again to the same bytes, and loads in another engine with the same settings', () => {
    expect(loaded.serialize()).toEqual(artifact);
    const other = new Engine({ maxWasmStack: 1 << 20 }); // a runtime-only setting
    expect(runAll(other, Module.deserialize(other, artifact))).toEqual(runAll(engine, original));
    expect(Module.deserialize(engine, artifact.buffer.slice(0) as ArrayBuffer).exports()).toEqual(original.exports());
  });

  it("loads from a Node Buffer at any offset (whose slice does not copy)", () => {
    for (const at of [0, 1, 3, 8]) {
      const pool = Buffer.alloc(artifact.length + 16);
      pool.set(artifact, at);
      const view = pool.subarray(at, at + artifact.length);
      const m = Module.deserialize(engine, view);
      pool.fill(0);
      expect(runAll(engine, m)).toEqual(runAll(engine, original));
    }
  });

  it('owns its bytes: changing the input afterwards changes nothing', () => {
    const copy = artifact.slice();
    const m = Module.deserialize(engine, copy);
    copy.fill(0);
    expect(runAll(engine, m)).toEqual(runAll(engine, original));
  });

  it.skipIf(!fuelSupported)('uses the same fuel', () => {
    const fuelEngine = new Engine({ consumeFuel: true } as Config);
    const a = new Module(fuelEngine, FIXTURE);
    const b = Module.deserialize(fuelEngine, a.serialize());
    type Fuel = { setFuel(n: bigint | number): void; getFuel(): bigint | number };
    const fuelAfter = (m: Module) =>
      runAll(
        fuelEngine,
        m,
        (s) => (s as unknown as Fuel).setFuel(1_000_000),
        (s) => (s as unknown as Fuel).getFuel(),
      );
    expect(fuelAfter(b)).toEqual(fuelAfter(a));
  });
});

describe('Config.cache without the Node entry', () => {
  it('says how to get a file system backend', () => {
    // This file does not import `@weft/engine/node`, so no cache backend is installed in its module graph.
    expect(() => new Engine({ cache: { directory: '/tmp/x' } })).toThrow(WeftError);
    expect(() => new Engine({ cache: { directory: '/tmp/x' } })).toThrow(/import '@weft\/engine\/node'/);
  });
});

describe('engine precompile entry points', () => {
  it('precompileModule gives an artifact that detectPrecompiled recognises', () => {
    const engine = new Engine();
    const artifact = engine.precompileModule(FIXTURE);
    expect(Engine.detectPrecompiled(artifact)).toBe('module');
    expect(Engine.detectPrecompiled(FIXTURE)).toBeUndefined();
    expect(Engine.detectPrecompiled(new Uint8Array(3))).toBeUndefined();
    expect(Engine.detectPrecompiled(artifact.buffer as ArrayBuffer)).toBe('module');
    expect(Module.deserialize(engine, artifact).exports().length).toBe(new Module(engine, FIXTURE).exports().length);
    expect(() => engine.precompileModule(new Uint8Array([0, 0x61, 0x73, 0x6d, 9, 0, 0, 0]))).toThrow(CompileError);
  });

  it('precompileCompatibilityHash is equal exactly when artifacts are compatible', () => {
    const h = new Engine().precompileCompatibilityHash();
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(new Engine({ maxWasmStack: 8192 }).precompileCompatibilityHash()).toBe(h);
    expect(new Engine({ wasmSignExtension: false }).precompileCompatibilityHash()).not.toBe(h);
  });
});

describe('compatibility', () => {
  const engine = new Engine();
  const artifact = engine.precompileModule(FIXTURE);

  it('names a real mismatch of settings between two engines', () => {
    const noSignExt = new Engine({ wasmSignExtension: false });
    const other = noSignExt.precompileModule(FIXTURE);
    expect(deserializeError(() => Module.deserialize(engine, other))).toBe(
      'incompatible artifact: compiled with wasmSignExtension=false, this engine has wasmSignExtension=true',
    );
    expect(deserializeError(() => Module.deserialize(noSignExt, artifact))).toBe(
      'incompatible artifact: compiled with wasmSignExtension=true, this engine has wasmSignExtension=false',
    );
  });

  it('gives each field its own message', () => {
    const a = parts(artifact);
    const fields = a.fields.map(([k]) => k);
    // Every Config setting that changes compiled code is a field; runtime-only ones are not.
    expect(fields).toEqual(expect.arrayContaining(['weftVersion', 'formatVersion', 'isa', 'consumeFuel', 'epochInterruption', 'wasmSimd', 'wasmBulkMemory']));
    expect(fields).not.toContain('maxWasmStack');
    expect(fields).not.toContain('cache');
    for (const [key, value] of a.fields) {
      const altered = value === 'true' ? 'false' : value === 'false' ? 'true' : `${value}9`;
      const bad = rebuild({ ...a, fields: a.fields.map(([k, v]) => [k, k === key ? altered : v] as const) });
      const message = deserializeError(() => Module.deserialize(engine, bad));
      if (key === 'weftVersion') expect(message).toBe(`incompatible artifact: compiled by weft ${altered}, this is weft ${value}`);
      else if (key === 'isa') expect(message).toMatch(`compiled for another instruction set (isa=${altered}, this engine has isa=${value})`);
      else expect(message).toBe(`incompatible artifact: compiled with ${key}=${altered}, this engine has ${key}=${value}`);
    }
    const fuel = rebuild({ ...a, fields: a.fields.map(([k, v]) => [k, k === 'consumeFuel' ? 'true' : v] as const) });
    expect(deserializeError(() => Module.deserialize(engine, fuel))).toBe(
      'incompatible artifact: compiled with consumeFuel=true, this engine has consumeFuel=false',
    );
  });

  it('names missing and unknown fields', () => {
    const a = parts(artifact);
    const missing = rebuild({ ...a, fields: a.fields.filter(([k]) => k !== 'wasmMultiValue') });
    expect(deserializeError(() => Module.deserialize(engine, missing))).toBe(
      'incompatible artifact: compiled without wasmMultiValue, this engine has wasmMultiValue=true',
    );
    const extra = rebuild({ ...a, fields: [...a.fields, ['wasmGc', 'true']] });
    expect(deserializeError(() => Module.deserialize(engine, extra))).toBe(
      'incompatible artifact: compiled with wasmGc=true, which this engine does not know',
    );
  });
});

describe('what is not an intact artifact', () => {
  const engine = new Engine();
  const artifact = engine.precompileModule(FIXTURE);

  it('rejects wasm, garbage, other format versions, truncation and corruption with clear messages', () => {
    expect(deserializeError(() => Module.deserialize(engine, FIXTURE))).toBe(
      'this is a WebAssembly module, not a weft artifact',
    );
    expect(deserializeError(() => Module.deserialize(engine, new Uint8Array(100)))).toMatch(/bad magic number/);
    const v9 = artifact.slice();
    v9[8] = 9;
    expect(deserializeError(() => Module.deserialize(engine, v9))).toMatch(/format version 9 is not supported/);
    for (const n of [0, 8, 30, artifact.length >> 1, artifact.length - 1]) {
      expect(deserializeError(() => Module.deserialize(engine, artifact.subarray(0, n)))).toMatch(/truncated|bad magic/);
    }
    const corrupt = artifact.slice();
    corrupt[artifact.length >> 1] ^= 0x10;
    expect(deserializeError(() => Module.deserialize(engine, corrupt))).toMatch(/checksum mismatch.*corrupt/);
    expect(() => Module.deserialize(engine, 'text' as never)).toThrow(TypeError);
  });

  it('keeps traps from a deserialized module catchable as Trap', () => {
    const m = Module.deserialize(engine, artifact);
    const out = runAll(engine, m);
    expect(out.some((o) => typeof o === 'string' && o.startsWith('trap '))).toBe(true);
    expect(Trap).toBeDefined();
  });
});
