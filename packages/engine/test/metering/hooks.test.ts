/**
 * Call hooks through the public API (fixture `../fixtures/limits.wat`): the hook sees every transition between
 * host and wasm in order, also across re-entry and traps, and an error it throws traps the guest.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Engine, Func, Instance, Module, Store, Trap, TrapCode, type CallHook } from '@weft/engine';

const bytes = readFileSync(new URL('../fixtures/limits.wasm', import.meta.url));
const engine = new Engine();
const module = new Module(engine, bytes);

function setup(host: (x: number) => number) {
  const store = new Store(engine);
  const log: string[] = [];
  const hostFn = new Func(store, { params: ['i32'], results: ['i32'] }, (_c, x: number) => {
    log.push(`host(${x})`);
    return host(x);
  });
  const instance = new Instance(store, module, [hostFn]);
  const callHost = instance.getFunc(store, 'callHost')!;
  return { store, log, callHost };
}

describe('call hooks', () => {
  it('see every transition in order', () => {
    const { store, log, callHost } = setup((x) => x * 10);
    store.callHook((s, kind: CallHook) => {
      expect(s).toBe(store);
      log.push(kind);
    });
    expect(callHost.call(store, [1])).toEqual([21]);
    expect(log).toEqual(['CallingWasm', 'CallingHost', 'host(2)', 'ReturningFromHost', 'ReturningFromWasm']);
  });

  it('see nested calls back into wasm', () => {
    let inner: (() => number) | undefined;
    const { store, log, callHost } = setup((x) => (x < 3 ? inner!() : x));
    inner = () => callHost.call(store, [2])[0] as number;
    store.callHook((_s, kind) => log.push(kind));
    expect(callHost.call(store, [0])).toEqual([5]);
    expect(log).toEqual([
      'CallingWasm', 'CallingHost', 'host(1)',
      'CallingWasm', 'CallingHost', 'host(3)', 'ReturningFromHost', 'ReturningFromWasm',
      'ReturningFromHost', 'ReturningFromWasm',
    ]);
  });

  it('see the way out of a trapping host call', () => {
    const { store, log, callHost } = setup(() => {
      throw new Trap(TrapCode.UnreachableCodeReached);
    });
    store.callHook((_s, kind) => log.push(kind));
    expect(() => callHost.call(store, [0])).toThrow(Trap);
    expect(log).toEqual(['CallingWasm', 'CallingHost', 'host(1)', 'ReturningFromHost', 'ReturningFromWasm']);
  });

  it('trap the guest when they throw', () => {
    const { store, log, callHost } = setup((x) => x);
    store.callHook((_s, kind) => {
      if (kind === 'CallingHost') throw new Error('no host calls allowed');
    });
    let trap: unknown;
    try {
      callHost.call(store, [0]);
    } catch (err) {
      trap = err;
    }
    expect(trap).toBeInstanceOf(Trap);
    expect((trap as Trap).code).toBe(TrapCode.HostError);
    expect((trap as Trap).reason).toBe('no host calls allowed');
    expect(log).toEqual([]);
    store.callHook(undefined);
    expect(callHost.call(store, [0])).toEqual([2]);
  });
});
