/**
 * Shared by the artifact tests: the fixture module, a runner that instantiates a module with its imports and
 * calls every export the same way (so two modules can be compared by their outputs), and helpers that take an
 * artifact apart and put it back together with a valid checksum, as an attacker would.
 */
import { readFileSync } from 'node:fs';
import { encodeArtifact, openArtifact, type ModuleArtifact } from '@weft/serialize';
import { Func, Global, Linker, Store, Trap, type Engine, type Module } from '../../src/index.js';

export const FIXTURE = new Uint8Array(readFileSync(new URL('../fixtures/artifact.wasm', import.meta.url)));

/** The calls every comparison makes: export name and arguments. */
export const CALLS: ReadonlyArray<readonly [string, unknown[]]> = [
  ['apply', [0, 7, 5]],
  ['apply', [1, 7, 5]],
  ['apply', [2, 7, 5]],
  ['apply', [3, 7, 5]],
  ['sum', [10]],
  ['classify', [0]],
  ['classify', [1]],
  ['classify', [7]],
  ['mix', [3n, 2.25]],
  ['checksum', [16, 13]],
  ['bulk', []],
  ['pick', [1, 2, 0]],
  ['pick', [1, 2, 5]],
  ['trap', [0]],
  ['trap', [2]],
  ['fact', [20n]],
];

/** Instantiate `module` in a fresh store and make every call of `CALLS`; returns outcomes and logs. */
export function runAll(
  engine: Engine,
  module: Module,
  prepare?: (store: Store<unknown>) => void,
  finish?: (store: Store<unknown>) => unknown,
): unknown[] {
  const store = new Store<unknown>(engine, undefined);
  prepare?.(store);
  const log: number[] = [];
  const linker = new Linker<unknown>(engine);
  linker.define(store, 'env', 'log', new Func(store, { params: ['i32'], results: [] }, (_c, n: number) => void log.push(n)));
  linker.define(store, 'env', 'base', new Global(store, { type: 'i32', mutable: false }, 1000));
  const instance = linker.instantiate(store, module);
  const out: unknown[] = [];
  for (const [name, args] of CALLS) {
    const f = instance.getFunc(store, name);
    if (f === undefined) {
      out.push(`${name}: missing`);
      continue;
    }
    try {
      out.push(f.call(store, fit(f.type(store).params, args)));
    } catch (err) {
      out.push(err instanceof Trap ? `trap ${err.code} ${err.message}` : err);
    }
  }
  out.push({ log, counter: instance.getGlobal(store, 'counter')?.get(store) });
  if (finish) out.push(finish(store));
  return out;
}

/** Take an artifact apart. */
export function parts(artifact: Uint8Array): ModuleArtifact & { info: ReturnType<ReturnType<typeof openArtifact>['module']>['info'] } {
  const opened = openArtifact(artifact);
  return { fields: opened.fields, ...opened.module() };
}

/** Put an artifact back together (valid checksum). */
export function rebuild(a: ModuleArtifact): Uint8Array {
  return encodeArtifact(a);
}

/** `args` for parameter types `params` (a mutated export may have another type): defaults where they do not fit. */
function fit(params: readonly string[], args: readonly unknown[]): unknown[] {
  return params.map((t, i) => {
    const a = args[i];
    if (t === 'i64') return typeof a === 'bigint' ? a : 0n;
    if (t === 'i32' || t === 'f32' || t === 'f64') return typeof a === 'number' ? a : 0;
    return null;
  });
}
