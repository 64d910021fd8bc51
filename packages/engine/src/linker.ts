/**
 * `Linker<T>`: resolves a module's imports by name, as Wasmtime's `Linker` does. It holds host functions
 * (`funcWrap`, `funcNew`: not tied to a store, created in each store on first use), store objects (`define`),
 * the exports of instances (`instance`) and of modules (`module`, with Wasmtime's command/reactor semantics),
 * and instantiates modules against them (`instantiate`, `instantiatePre`).
 */
import type { Engine } from './engine.js';
import { LinkError, Trap, TrapCode, WeftError } from './errors.js';
import { type Extern } from './extern.js';
import {
  Func,
  type CallAsyncOptions,
  type HostFunction,
  type HostFunctionAsync,
  type HostFunctionVals,
  type HostFunctionValsAsync,
} from './func.js';
import type { Instance } from './instance.js';
import { InstancePre } from './instance-pre.js';
import { checkDefinition, hostDefinition, materialize, type Definition } from './linker-defs.js';
import type { Module } from './module.js';
import { storeOf, type Store, type StoreLike } from './store.js';
import type { FuncType } from './types.js';

/**
 * Defines imports by name and instantiates modules with them.
 *
 * @remarks
 * Host functions defined with `funcWrap`/`funcNew` belong to no store, so one linker can serve many stores.
 * Items from `define`, `instance` and `module` belong to the store they were defined with; instantiating them in
 * another store throws a `WeftError`. Defining a name twice is a `LinkError` unless `allowShadowing(true)`.
 *
 * **Commands and reactors** (`module`): a module exporting `_start` is a command — each of its exported
 * functions, when called, instantiates the module afresh and calls the export in the new instance. Any other
 * module is a reactor — it is instantiated once, its `_initialize` export (if any) is called, and its exports are
 * defined as with `instance`.
 *
 * @typeParam T - the store data type host functions see as `caller.data`.
 *
 * @example
 * ```ts
 * const linker = new Linker<{ log: string[] }>(engine);
 * linker.funcWrap('env', 'log', { params: ['i32'], results: [] }, (caller, x) => { caller.data.log.push(String(x)); });
 * const instance = linker.instantiate(new Store(engine, { log: [] }), module);
 * ```
 */
export class Linker<T = unknown> {
  /** The engine the linker works with. */
  readonly engine: Engine;
  readonly #defs = new Map<string, Map<string, Definition>>();
  #allowShadowing = false;
  #allowUnknownExports = false;

  constructor(engine: Engine) {
    this.engine = engine;
  }

  /** Allow (`true`) or forbid (`false`, the default) redefining a name; a redefinition replaces the old one. */
  allowShadowing(allow: boolean): this {
    this.#allowShadowing = allow;
    return this;
  }

  /** Allow command modules (see `module`) to export things other than functions (default `false`). */
  allowUnknownExports(allow: boolean): this {
    this.#allowUnknownExports = allow;
    return this;
  }

  /**
   * Define `module::name` as a store object.
   *
   * @throws LinkError when the name is already defined and shadowing is not allowed.
   * @throws WeftError when `item` belongs to another store or engine.
   */
  define(store: StoreLike<T>, module: string, name: string, item: Extern): this {
    const s = this.#store(store);
    materialize(s, { kind: 'extern', extern: item }, `${module}::${name}`);
    return this.#insert(module, name, { kind: 'extern', extern: item });
  }

  /**
   * Define `module::name` as a host function over JS values (see {@link HostFunction}).
   *
   * @throws LinkError when the name is already defined and shadowing is not allowed.
   * @throws TypeError when `type` is not a valid function type.
   * @example
   * ```ts
   * linker.funcWrap('env', 'add', { params: ['i32', 'i32'], results: ['i32'] }, (_caller, a, b) => a + b);
   * ```
   */
  funcWrap(module: string, name: string, type: FuncType, fn: HostFunction<T>): this {
    return this.#insert(module, name, hostDefinition(type, fn, false));
  }

  /**
   * Define `module::name` as a host function over `Val`s (exact float bits).
   *
   * @throws LinkError when the name is already defined and shadowing is not allowed.
   * @throws TypeError when `type` is not a valid function type.
   */
  funcNew(module: string, name: string, type: FuncType, fn: HostFunctionVals<T>): this {
    return this.#insert(module, name, hostDefinition(type, fn, true));
  }

  /**
   * Define `module::name` as an async host function over JS values (Wasmtime's `Linker::func_wrap_async`): it
   * returns a Promise and the guest is suspended until it settles (a rejection traps the guest with the error as
   * `cause`). Only async calls (`callAsync`, `instantiateAsync`) can reach it; a synchronous call that does
   * throws a `WeftError`. It may call back into the store (`caller`) with `callAsync` or `call`: those calls
   * nest inside the suspended one.
   *
   * @throws LinkError when the name is already defined and shadowing is not allowed.
   * @throws TypeError when `type` is not a valid function type.
   * @example
   * ```ts
   * linker.funcWrapAsync('env', 'sleep', { params: ['i32'], results: [] }, (_caller, ms) =>
   *   new Promise((resolve) => setTimeout(resolve, ms)));
   * ```
   */
  funcWrapAsync(module: string, name: string, type: FuncType, fn: HostFunctionAsync<T>): this {
    return this.#insert(module, name, hostDefinition(type, fn, false, true));
  }

  /**
   * Define `module::name` as an async host function over `Val`s (Wasmtime's `Linker::func_new_async`); see
   * {@link Linker.funcWrapAsync}.
   *
   * @throws LinkError when the name is already defined and shadowing is not allowed.
   * @throws TypeError when `type` is not a valid function type.
   */
  funcNewAsync(module: string, name: string, type: FuncType, fn: HostFunctionValsAsync<T>): this {
    return this.#insert(module, name, hostDefinition(type, fn, true, true));
  }

  /**
   * Define every export of `instance` as `name::<export>`.
   *
   * @throws LinkError when a name is already defined and shadowing is not allowed.
   */
  instance(store: StoreLike<T>, name: string, instance: Instance): this {
    const s = this.#store(store);
    for (const e of instance.exports(s)) this.#insert(name, e.name, { kind: 'extern', extern: e.extern });
    return this;
  }

  /**
   * Define the exports of `module` under `name`, with command/reactor semantics (see the class remarks).
   *
   * @throws LinkError when the module's imports cannot be resolved now, a command exports a non-function
   *   (unless `allowUnknownExports(true)`), or a name is already defined.
   * @throws Trap when a reactor's instantiation or `_initialize` traps.
   */
  module(store: StoreLike<T>, name: string, module: Module): this {
    const s = this.#store(store);
    const start = module.exportMap.get('_start');
    const init = module.exportMap.get('_initialize');
    if (start && init) throw new LinkError('Program cannot be both a command and a reactor');
    if (start && start.kind !== 'func') throw new LinkError('`_start` must be a function');
    if (init && init.kind !== 'func') throw new LinkError('`_initialize` must be a function');
    if (start) return this.#command(s, name, module);
    const instance = this.instantiate(s, module);
    const initialize = instance.getFunc(s, '_initialize');
    if (initialize) {
      const t = initialize.type(s);
      if (t.params.length !== 0 || t.results.length !== 0) {
        throw new LinkError('calling the Reactor initialization function: `_initialize` must have type `() -> ()`');
      }
      initialize.call(s, []);
    }
    return this.instance(s, name, instance);
  }

  #command(store: Store<T>, name: string, module: Module): this {
    for (const e of module.exports()) {
      if (e.type.kind === 'func') {
        const pre = this.instantiatePre(module);
        const exportName = e.name;
        const f = Func.newVals(store, e.type, (caller, args) =>
          pre.instantiate(caller).getFunc(caller, exportName)!.callVals(caller, args),
        );
        this.#insert(name, exportName, { kind: 'extern', extern: f });
      } else if (!this.#allowUnknownExports && !ALLOWED_COMMAND_EXPORTS[e.type.kind].includes(e.name)) {
        throw new LinkError(`command export '${e.name}' is not a function`);
      }
    }
    return this;
  }

  /**
   * Define `asModule::asName` as whatever `module::name` is.
   *
   * @throws LinkError when `module::name` is not defined, or `asModule::asName` is and shadowing is not allowed.
   */
  alias(module: string, name: string, asModule: string, asName: string): this {
    const def = this.#defs.get(module)?.get(name);
    if (def === undefined) throw new LinkError(`no item named \`${module}::${name}\` in the linker`);
    return this.#insert(asModule, asName, def);
  }

  /**
   * Define every `module::x` also as `asModule::x`.
   *
   * @throws LinkError when a name is already defined and shadowing is not allowed.
   */
  aliasModule(module: string, asModule: string): this {
    for (const [name, def] of [...(this.#defs.get(module) ?? [])]) this.#insert(asModule, name, def);
    return this;
  }

  /**
   * Define every function import of `module` that the linker cannot resolve as a function that traps when
   * called (Wasmtime's `define_unknown_imports_as_traps`). Other kinds of unknown imports stay undefined.
   */
  defineUnknownImportsAsTraps(store: StoreLike<T>, module: Module): this {
    this.#store(store);
    for (const imp of module.imports()) {
      if (imp.type.kind !== 'func' || this.#defs.get(imp.module)?.has(imp.name)) continue;
      const message = unknownImport(imp.module, imp.name);
      this.#insert(
        imp.module,
        imp.name,
        hostDefinition(
          imp.type,
          () => {
            throw new Trap(TrapCode.HostError, message, { cause: new LinkError(message) });
          },
          true,
        ),
      );
    }
    return this;
  }

  /**
   * Resolve and type-check the imports of `module` now; instantiate later, in any store.
   *
   * @throws LinkError ("unknown import: `env::f` has not been defined", or "incompatible import type ...").
   */
  instantiatePre(module: Module): InstancePre<T> {
    if (module.engine !== this.engine) throw new WeftError('cross-Engine instantiation is not currently supported');
    const defs = module.info.imports.map((imp) => {
      const def = this.#defs.get(imp.module)?.get(imp.name);
      if (def === undefined) throw new LinkError(unknownImport(imp.module, imp.name));
      checkDefinition(module, imp, def);
      return def;
    });
    return new InstancePre<T>(module, defs);
  }

  /**
   * Instantiate `module` in `store`, its imports resolved by name.
   *
   * @throws LinkError when an import is not defined or has the wrong type.
   * @throws Trap when a segment is out of bounds or the start function traps.
   * @example
   * ```ts
   * const instance = linker.instantiate(store, module);
   * ```
   */
  instantiate(store: StoreLike<T>, module: Module): Instance {
    return this.instantiatePre(module).instantiate(store);
  }

  /**
   * Instantiate `module` in `store` asynchronously (Wasmtime's `Linker::instantiate_async`): the start
   * function, if any, runs as `callAsync` does (it may yield and call async host functions).
   *
   * @throws LinkError when an import is not defined or has the wrong type.
   * @throws Trap when a segment is out of bounds or the start function traps.
   */
  async instantiateAsync(store: StoreLike<T>, module: Module, options?: CallAsyncOptions): Promise<Instance> {
    return this.instantiatePre(module).instantiateAsync(store, options);
  }

  /** The definition of `module::name` in `store`, or `undefined`. */
  get(store: StoreLike<T>, module: string, name: string): Extern | undefined {
    const s = this.#store(store);
    const def = this.#defs.get(module)?.get(name);
    return def === undefined ? undefined : materialize(s, def, `${module}::${name}`);
  }

  /**
   * The "default" function of `module` (Wasmtime's `get_default`): the export named `""`, else `_start`, else a
   * function that does nothing.
   *
   * @throws LinkError when that export is not a function.
   */
  getDefault(store: StoreLike<T>, module: string): Func {
    const s = this.#store(store);
    for (const name of ['', '_start']) {
      const ext = this.get(s, module, name);
      if (ext === undefined) continue;
      if (ext instanceof Func) return ext;
      throw new LinkError(name === '' ? `default export in '${module}' is not a function` : `\`_start\` in '${module}' is not a function`);
    }
    return new Func(s, { params: [], results: [] }, () => undefined);
  }

  #store(store: StoreLike<T>): Store<T> {
    const s = storeOf(store);
    if (s.engine !== this.engine) throw new WeftError('cross-Engine linking is not supported');
    return s;
  }

  #insert(module: string, name: string, def: Definition): this {
    if (typeof module !== 'string' || typeof name !== 'string') throw new TypeError('names must be strings');
    let names = this.#defs.get(module);
    if (names === undefined) this.#defs.set(module, (names = new Map()));
    if (names.has(name) && !this.#allowShadowing) throw new LinkError(`import of \`${module}::${name}\` defined twice`);
    names.set(name, def);
    return this;
  }
}

function unknownImport(module: string, name: string): string {
  return `unknown import: \`${module}::${name}\` has not been defined`;
}

/** Non-function exports a command may have (as Wasmtime allows, for toolchain compatibility). */
const ALLOWED_COMMAND_EXPORTS: Record<'table' | 'memory' | 'global', readonly string[]> = {
  memory: ['memory'],
  table: ['__indirect_function_table', 'table'],
  global: ['__data_end', '__heap_base', '__dso_handle', '__rtti_base'],
};
