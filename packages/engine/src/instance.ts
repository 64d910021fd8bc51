/**
 * `Instance`: an instantiated module in a store. `new Instance(store, module, imports)` takes the imports in the
 * module's import order (the `Linker` resolves them by name instead); exports are looked up by name and handed
 * out as `Func`/`Memory`/`Table`/`Global` handles, one handle per runtime object.
 */
import { LinkError, WeftError } from './errors.js';
import { externHandle, externInstance, type Export, type Extern } from './extern.js';
import { Func } from './func.js';
import { Global } from './global.js';
import { Memory } from './memory.js';
import type { Module } from './module.js';
import { callFunc } from './runtime/call.js';
import type { FuncInstance, InstanceState } from './runtime/instances.js';
import { instantiate } from './runtime/instantiate.js';
import { checkStore, storeOf, type Store, type StoreLike } from './store.js';
import { Table } from './table.js';
import { TypedFunc } from './typed-func.js';
import type { ValType } from './types.js';

/**
 * An instance of a module: its functions, memories, tables and globals, living in one store.
 *
 * @remarks
 * Instantiation follows Wasm 2.0: element and data segments are applied one by one, and a segment that is out
 * of bounds traps after the earlier segments were written (to imported tables and memories too). The start
 * function, if any, runs before the constructor returns. An instance is owned by its store.
 *
 * @example
 * ```ts
 * const instance = new Instance(store, module, [logFunc, memory]);
 * const run = instance.getTypedFunc(store, 'run', [], ['i32']);
 * console.log(run.call(store));
 * ```
 */
/** Set by `instantiateDeferred` for one constructor call: receives the start function instead of running it. */
let deferStart: ((start: FuncInstance) => void) | undefined;

/**
 * @internal `new Instance(...)` without running the start function, which is returned (for `instantiateAsync`).
 */
export function instantiateDeferred(
  store: Store<any>,
  module: Module,
  imports: readonly Extern[],
): { instance: Instance; start: FuncInstance | undefined } {
  let start: FuncInstance | undefined;
  deferStart = (f) => {
    start = f;
  };
  try {
    const instance = new Instance(store, module, imports);
    return { instance, start };
  } finally {
    deferStart = undefined;
  }
}

export class Instance {
  /** The module this is an instance of. */
  readonly module: Module;
  /** @internal */
  readonly _store: Store<any>;
  /** @internal */
  readonly _state: InstanceState;

  /**
   * Instantiate `module` with `imports`, given in the order of `module.imports()`.
   *
   * @throws LinkError when the number of imports is wrong or an import has the wrong type
   *   ("incompatible import type for `env::f`: ...").
   * @throws Trap when a segment is out of bounds or the start function traps.
   * @throws WeftError when an import belongs to another store or the module to another engine.
   */
  constructor(store: StoreLike<any>, module: Module, imports: readonly Extern[]) {
    const defer = deferStart;
    deferStart = undefined;
    const s = storeOf(store);
    if (module.engine !== s.engine) throw new WeftError('cross-Engine instantiation is not currently supported');
    if (!Array.isArray(imports)) throw new TypeError('imports must be an array');
    const externs = imports.map((ext, i) => {
      const imp = module.info.imports[i];
      return externInstance(s, ext, imp ? `import \`${imp.module}::${imp.name}\`` : `import ${i}`);
    });
    this.module = module;
    this._store = s;
    this._state = instantiate(
      module,
      externs,
      (start) => (defer !== undefined ? defer(start) : callFunc(s.ctx, start, () => {}, () => undefined)),
      (state) => {
        state.handle = this;
      },
      s.resources,
    );
  }

  /** All exports, in the module's order. */
  exports(store: StoreLike<any>): Export[] {
    this.#check(store);
    return this.module.info.exports.map((e) => ({ name: e.name, extern: this.getExport(store, e.name)! }));
  }

  /** The export `name`, or `undefined` when there is none. */
  getExport(store: StoreLike<any>, name: string): Extern | undefined {
    const s = this.#check(store);
    const e = this.module.exportMap.get(name);
    if (e === undefined) return undefined;
    const st = this._state;
    switch (e.kind) {
      case 'func':
        return externHandle(s, { kind: 'func', func: st.funcs[e.index]! });
      case 'memory':
        return externHandle(s, { kind: 'memory', memory: st.memories[e.index]! });
      case 'table':
        return externHandle(s, { kind: 'table', table: st.tables[e.index]! });
      case 'global':
        return externHandle(s, { kind: 'global', global: st.globals[e.index]! });
    }
  }

  /** The exported function `name`, or `undefined` when there is no such function export. */
  getFunc(store: StoreLike<any>, name: string): Func | undefined {
    const e = this.getExport(store, name);
    return e instanceof Func ? e : undefined;
  }

  /**
   * The exported function `name` as a {@link TypedFunc}, after checking its type.
   *
   * @throws LinkError when there is no such function export, or its type is not `(params) -> (results)`.
   * @example
   * ```ts
   * const add = instance.getTypedFunc(store, 'add', ['i32', 'i32'], ['i32']);
   * add.call(store, 1, 2); // 3
   * ```
   */
  getTypedFunc(
    store: StoreLike<any>,
    name: string,
    params: readonly ValType[],
    results: readonly ValType[],
  ): TypedFunc {
    const f = this.getFunc(store, name);
    if (f === undefined) throw new LinkError(`failed to find function export \`${name}\``);
    try {
      return new TypedFunc(f, params, results);
    } catch (err) {
      if (err instanceof LinkError) throw new LinkError(`export \`${name}\`: ${err.message}`);
      throw err;
    }
  }

  /** The exported memory `name`, or `undefined`. */
  getMemory(store: StoreLike<any>, name: string): Memory | undefined {
    const e = this.getExport(store, name);
    return e instanceof Memory ? e : undefined;
  }

  /** The exported table `name`, or `undefined`. */
  getTable(store: StoreLike<any>, name: string): Table | undefined {
    const e = this.getExport(store, name);
    return e instanceof Table ? e : undefined;
  }

  /** The exported global `name`, or `undefined`. */
  getGlobal(store: StoreLike<any>, name: string): Global | undefined {
    const e = this.getExport(store, name);
    return e instanceof Global ? e : undefined;
  }

  #check(store: StoreLike<any>): Store<any> {
    const s = storeOf(store);
    checkStore(this._store, s, 'Instance');
    return s;
  }
}
