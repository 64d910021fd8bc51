/**
 * `Extern`: anything an instance can import or export — a `Func`, `Global`, `Table` or `Memory` handle — and the
 * internal conversions between these handles and the runtime objects instantiation works on.
 */
import { Func } from './func.js';
import { Global } from './global.js';
import { Memory } from './memory.js';
import type { ExternInstance } from './runtime/matching.js';
import { Table } from './table.js';
import { checkStore, type Store } from './store.js';
import type { ExternType } from './types.js';

/** An importable or exportable object: a function, global, table or memory of some store. */
export type Extern = Func | Global | Table | Memory;

/** A named export of an instance. */
export interface Export {
  readonly name: string;
  readonly extern: Extern;
}

/** @internal The runtime object behind `ext`, after checking it belongs to `store`. */
export function externInstance(store: Store<any>, ext: Extern, what: string): ExternInstance {
  if (ext instanceof Func) {
    checkStore(ext._store, store, what);
    return { kind: 'func', func: ext._inst };
  }
  if (ext instanceof Memory) {
    checkStore(ext._store, store, what);
    return { kind: 'memory', memory: ext._inst };
  }
  if (ext instanceof Table) {
    checkStore(ext._store, store, what);
    return { kind: 'table', table: ext._inst };
  }
  if (ext instanceof Global) {
    checkStore(ext._store, store, what);
    return { kind: 'global', global: ext._inst };
  }
  throw new TypeError(`${what}: expected a Func, Global, Table or Memory`);
}

/** @internal The handle of a runtime object. */
export function externHandle(store: Store<any>, ext: ExternInstance): Extern {
  switch (ext.kind) {
    case 'func':
      return Func._wrap(store, ext.func);
    case 'memory':
      return Memory._wrap(store, ext.memory);
    case 'table':
      return Table._wrap(store, ext.table);
    case 'global':
      return Global._wrap(store, ext.global);
  }
}

/** @internal The type of `ext`, as an extern type. */
export function externType(store: Store<any>, ext: Extern): ExternType {
  if (ext instanceof Func) return { kind: 'func', ...ext.type(store) };
  if (ext instanceof Memory) return { kind: 'memory', ...ext.type(store) };
  if (ext instanceof Table) return { kind: 'table', ...ext.type(store) };
  return { kind: 'global', ...ext.type(store) };
}
