/**
 * What a `Linker` holds for one name: a store object (from `define`, `instance` or a command module), or a host
 * function that is not tied to a store (from `funcWrap`/`funcNew`) and is created in each store on first use.
 * Also the import check a linker does before instantiating, with Wasmtime's messages.
 */
import type { Import } from '@weft/serialize';
import { LinkError } from './errors.js';
import { externInstance, type Extern } from './extern.js';
import { Func, type HostFunction, type HostFunctionAsync, type HostFunctionVals, type HostFunctionValsAsync } from './func.js';
import type { Module } from './module.js';
import { funcTypeText, importMismatch } from './runtime/matching.js';
import type { Store } from './store.js';
import { funcTypeToRaw, type FuncType } from './types.js';

/** One linker entry: a store object, or a store-independent host function (created per store, cached). */
export type Definition =
  | { readonly kind: 'extern'; readonly extern: Extern }
  | {
      readonly kind: 'host';
      readonly type: FuncType;
      readonly fn: HostFunction<any> | HostFunctionVals<any> | HostFunctionAsync<any> | HostFunctionValsAsync<any>;
      readonly vals: boolean;
      /** `fn` returns a Promise: the function is created with `Func.wrapAsync`/`newValsAsync`. */
      readonly async: boolean;
      readonly perStore: WeakMap<Store<any>, Func>;
    };

/** A host definition, with its type checked now. */
export function hostDefinition(
  type: FuncType,
  fn: HostFunction<any> | HostFunctionVals<any> | HostFunctionAsync<any> | HostFunctionValsAsync<any>,
  vals: boolean,
  async = false,
): Definition {
  funcTypeToRaw(type);
  if (typeof fn !== 'function') throw new TypeError('a host function must be a function');
  return { kind: 'host', type: { params: [...type.params], results: [...type.results] }, fn, vals, async, perStore: new WeakMap() };
}

/** The extern a definition stands for in `store`. */
export function materialize(store: Store<any>, def: Definition, name: string): Extern {
  if (def.kind === 'extern') {
    externInstance(store, def.extern, `import \`${name}\``); // store check
    return def.extern;
  }
  let f = def.perStore.get(store);
  if (f === undefined) {
    if (def.async) {
      f = def.vals
        ? Func.newValsAsync(store, def.type, def.fn as HostFunctionValsAsync<any>, name)
        : Func.wrapAsync(store, def.type, def.fn as HostFunctionAsync<any>, name);
    } else {
      f = def.vals
        ? Func.newVals(store, def.type, def.fn as HostFunctionVals<any>)
        : new Func(store, def.type, def.fn as HostFunction<any>);
    }
    def.perStore.set(store, f);
  }
  return f;
}

/** Check that `def` fits import `imp` of `module`; throws a `LinkError` as instantiation would. */
export function checkDefinition(module: Module, imp: Import, def: Definition): void {
  let why: string | undefined;
  if (def.kind === 'host') {
    if (imp.desc.kind !== 'func') {
      why = `expected ${imp.desc.kind}, but found func`;
    } else {
      const raw = funcTypeToRaw(def.type);
      const want = module.info.types[imp.desc.typeIndex]!;
      if (module.typeIds[imp.desc.typeIndex] !== module.engine.internFuncType(raw)) {
        why =
          `function types incompatible: expected func of type \`${funcTypeText(want)}\`, ` +
          `found func of type \`${funcTypeText(raw)}\``;
      }
    }
  } else {
    const ext = externInstance((def.extern as { _store: Store<any> })._store, def.extern, 'definition');
    why = importMismatch(module.info, module.typeIds, imp, ext);
  }
  if (why !== undefined) throw new LinkError(`incompatible import type for \`${imp.module}::${imp.name}\`: ${why}`);
}
