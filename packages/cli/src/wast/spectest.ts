/**
 * The `spectest` host module that the spec scripts import from: the `print*` functions (they print nothing
 * here), four constant globals holding 666 / 666.6, a funcref table of 10..20 elements and a memory of 1..2
 * pages — the same definitions as the reference interpreter and Wasmtime's wast runner.
 */
import { Global, Memory, Table, type Linker, type Store, type ValType } from '@weft/engine';

/** The printing functions and their parameter types. */
const PRINTS: ReadonlyArray<readonly [string, ValType[]]> = [
  ['print', []],
  ['print_i32', ['i32']],
  ['print_i64', ['i64']],
  ['print_f32', ['f32']],
  ['print_f64', ['f64']],
  ['print_i32_f32', ['i32', 'f32']],
  ['print_f64_f64', ['f64', 'f64']],
];

/** Define the `spectest` module in `linker`, with its globals, table and memory created in `store`. */
export function defineSpectest(linker: Linker<unknown>, store: Store<unknown>): void {
  for (const [name, params] of PRINTS) {
    linker.funcWrap('spectest', name, { params, results: [] }, () => undefined);
  }
  linker.define(store, 'spectest', 'global_i32', new Global(store, { type: 'i32', mutable: false }, 666));
  linker.define(store, 'spectest', 'global_i64', new Global(store, { type: 'i64', mutable: false }, 666n));
  linker.define(store, 'spectest', 'global_f32', new Global(store, { type: 'f32', mutable: false }, 666.6));
  linker.define(store, 'spectest', 'global_f64', new Global(store, { type: 'f64', mutable: false }, 666.6));
  linker.define(store, 'spectest', 'table', new Table(store, { element: 'funcref', min: 10, max: 20 }, null));
  linker.define(store, 'spectest', 'memory', new Memory(store, { min: 1, max: 2 }));
}
