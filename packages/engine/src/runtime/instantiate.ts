/**
 * Instantiation, as the spec's `instantiate` (Wasm 2.0): check the imports against the module's import types,
 * create the defined tables, memories, globals (initialised by their constant expressions) and functions, then
 * apply element segments and data segments one by one in order with bounds checks (a failing segment traps with
 * "out of bounds table access" / "out of bounds memory access"; earlier writes stay), drop active and
 * declarative segments, and finally run the start function. Works on runtime objects only; the API layer wraps
 * the result in an `Instance`. With a store's `StoreResources`, the instance, its memories and tables count
 * against the store's limits and grow under its limiter.
 */
import type { ModuleInfo } from '@weft/serialize';
import type { CompiledFunction } from '../compile/compiled.js';
import { Trap, TrapCode, WeftError } from '../errors.js';
import { evalConstExpr } from './const-expr.js';
import { GlobalCell } from './global.js';
import type {
  FuncInstance,
  GlobalInstance,
  InstanceState,
  MemoryInstance,
  TableInstance,
  WasmFuncInstance,
} from './instances.js';
import type { StoreResources } from './limits.js';
import { checkImports, type ExternInstance } from './matching.js';
import { LinearMemory } from './memory.js';
import { RefTable } from './table.js';
import { writeGlobal } from './values.js';

/** What instantiation needs of a compiled module. */
export interface ModuleCode {
  readonly info: ModuleInfo;
  /** Engine-wide type id of each of the module's types. */
  readonly typeIds: Int32Array;
  /** Compiled code of each defined function. */
  readonly code: readonly CompiledFunction[];
}

class State implements InstanceState {
  readonly funcs: FuncInstance[] = [];
  readonly tables: TableInstance[] = [];
  readonly memories: MemoryInstance[] = [];
  readonly globals: GlobalInstance[] = [];
  readonly elemSegments: unknown[][] = [];
  readonly dataSegments: Uint8Array[] = [];
  handle?: unknown;
  constructor(
    readonly info: ModuleInfo,
    readonly typeIds: Int32Array,
  ) {}
}

/**
 * Instantiate `module` with `imports` (in the module's import order).
 *
 * @param runStart - runs the start function (the caller owns the execution context).
 * @throws LinkError when an import is missing or has the wrong type.
 * @throws Trap when a segment is out of bounds or the start function traps.
 * @throws WeftError when a memory or table cannot be allocated.
 */
export function instantiate(
  module: ModuleCode,
  imports: readonly ExternInstance[],
  runStart: (func: FuncInstance, state: InstanceState) => void,
  onCreated?: (state: InstanceState) => void,
  resources?: StoreResources,
): InstanceState {
  const { info, typeIds } = module;
  checkImports(info, typeIds, imports);
  resources?.addInstance();
  const s = new State(info, typeIds);
  for (const ext of imports) {
    if (ext.kind === 'func') s.funcs.push(ext.func);
    else if (ext.kind === 'table') s.tables.push(ext.table);
    else if (ext.kind === 'memory') s.memories.push(ext.memory);
    else s.globals.push(ext.global);
  }
  for (let i = 0; i < module.code.length; i++) {
    const funcIndex = info.importedFuncs + i;
    const typeIndex = info.funcTypes[funcIndex]!;
    const f: WasmFuncInstance = {
      kind: 'wasm',
      type: info.types[typeIndex]!,
      typeId: typeIds[typeIndex]!,
      instance: s,
      funcIndex,
      code: module.code[i]!,
    };
    s.funcs.push(f);
  }
  for (let i = info.importedGlobals; i < info.globals.length; i++) {
    const g = new GlobalCell(info.globals[i]!);
    writeGlobal(g, evalConstExpr(info.globalInits[i - info.importedGlobals]!, s));
    s.globals.push(g);
  }
  for (let i = info.importedTables; i < info.tables.length; i++) {
    resources?.addTable();
    s.tables.push(allocate(() => new RefTable(info.tables[i]!, null, resources?.grow), 'table'));
  }
  for (let i = info.importedMemories; i < info.memories.length; i++) {
    resources?.addMemory();
    s.memories.push(allocate(() => new LinearMemory(info.memories[i]!, resources?.grow), 'memory'));
  }
  for (const seg of info.elems) {
    s.elemSegments.push(seg.items.map((item) => evalConstExpr(item, s)));
  }
  for (const seg of info.datas) s.dataSegments.push(seg.bytes);
  onCreated?.(s);

  info.elems.forEach((seg, i) => {
    if (seg.mode === 'passive') return;
    if (seg.mode === 'active') {
      const items = s.elemSegments[i]!;
      const table = s.tables[seg.table]!;
      const offset = (evalConstExpr(seg.offset!, s) as number) >>> 0;
      if (offset + items.length > table.elements.length) throw new Trap(TrapCode.TableOutOfBounds);
      for (let k = 0; k < items.length; k++) table.elements[offset + k] = items[k];
    }
    s.elemSegments[i] = [];
  });
  info.datas.forEach((seg, i) => {
    if (seg.mode !== 'active') return;
    const memory = s.memories[seg.memory]!;
    const offset = (evalConstExpr(seg.offset!, s) as number) >>> 0;
    if (offset + seg.bytes.length > memory.byteLength) throw new Trap(TrapCode.MemoryOutOfBounds);
    memory.u8.set(seg.bytes, offset);
    s.dataSegments[i] = EMPTY;
  });
  if (info.start !== undefined) runStart(s.funcs[info.start]!, s);
  return s;
}

const EMPTY = new Uint8Array(0);

function allocate<T>(make: () => T, what: string): T {
  try {
    return make();
  } catch (err) {
    if (err instanceof RangeError) throw new WeftError(`failed to allocate ${what}: ${err.message}`, { cause: err });
    throw err;
  }
}

