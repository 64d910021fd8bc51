/**
 * Import matching: whether a provided extern fits an import's type (the spec's "external type matching", with
 * the provided memory's and table's *current* size as their minimum), and Wasmtime-style `LinkError` messages
 * ("incompatible import type for `env::f`: ..."). Function types compare by engine-wide type id.
 */
import { valTypeName, type FuncType, type GlobalType, type Import, type Limits, type ModuleInfo } from '@weft/serialize';
import { LinkError } from '../errors.js';
import type { FuncInstance, GlobalInstance, MemoryInstance, TableInstance } from './instances.js';
import { PAGE_SIZE } from './memory.js';

/** A provided definition for an import, with its runtime object. */
export type ExternInstance =
  | { kind: 'func'; func: FuncInstance }
  | { kind: 'table'; table: TableInstance }
  | { kind: 'memory'; memory: MemoryInstance }
  | { kind: 'global'; global: GlobalInstance };

/** `(i32, i64) -> (f32)` */
export function funcTypeText(t: FuncType): string {
  return `(${t.params.map(valTypeName).join(', ')}) -> (${t.results.map(valTypeName).join(', ')})`;
}

function limitsText(l: Limits): string {
  return `min: ${l.min}, max: ${l.max === undefined ? 'none' : l.max}`;
}

function limitsMatch(actual: Limits, expected: Limits): boolean {
  if (actual.min < expected.min) return false;
  if (expected.max === undefined) return true;
  return actual.max !== undefined && actual.max <= expected.max;
}

/** Why `ext` does not fit import `imp` of a module, or `undefined` when it fits. */
export function importMismatch(
  info: ModuleInfo,
  typeIds: Int32Array,
  imp: Import,
  ext: ExternInstance,
): string | undefined {
  const d = imp.desc;
  if (d.kind === 'func' && ext.kind === 'func') {
    if (typeIds[d.typeIndex] === ext.func.typeId) return undefined;
    return (
      `function types incompatible: expected func of type \`${funcTypeText(info.types[d.typeIndex]!)}\`, ` +
      `found func of type \`${funcTypeText(ext.func.type)}\``
    );
  }
  if (d.kind === 'global' && ext.kind === 'global') {
    const have = ext.global.type;
    if (d.type.type === have.type && d.type.mutable === have.mutable) return undefined;
    return `global types incompatible: expected global of type \`${globalText(d.type)}\`, found global of type \`${globalText(have)}\``;
  }
  if (d.kind === 'table' && ext.kind === 'table') {
    const t = ext.table;
    if (d.type.elem !== t.type.elem) {
      return `table types incompatible: expected ${valTypeName(d.type.elem)} table, found ${valTypeName(t.type.elem)} table`;
    }
    const have: Limits = { min: t.elements.length, max: t.max };
    if (limitsMatch(have, d.type.limits)) return undefined;
    return `table types incompatible: expected table limits (${limitsText(d.type.limits)}) doesn't match provided table limits (${limitsText(have)})`;
  }
  if (d.kind === 'memory' && ext.kind === 'memory') {
    const have: Limits = { min: ext.memory.byteLength / PAGE_SIZE, max: ext.memory.max };
    if (limitsMatch(have, d.type.limits)) return undefined;
    return `memory types incompatible: expected memory limits (${limitsText(d.type.limits)}) doesn't match provided memory limits (${limitsText(have)})`;
  }
  return `expected ${d.kind}, but found ${ext.kind}`;
}

function globalText(g: GlobalType): string {
  return g.mutable ? `(mut ${valTypeName(g.type)})` : valTypeName(g.type);
}

/** Check every import; throws the first mismatch as a `LinkError`. */
export function checkImports(info: ModuleInfo, typeIds: Int32Array, imports: readonly ExternInstance[]): void {
  if (imports.length !== info.imports.length) {
    throw new LinkError(`expected ${info.imports.length} imports, found ${imports.length}`);
  }
  for (let i = 0; i < imports.length; i++) {
    const imp = info.imports[i]!;
    const why = importMismatch(info, typeIds, imp, imports[i]!);
    if (why !== undefined) throw new LinkError(`incompatible import type for \`${imp.module}::${imp.name}\`: ${why}`);
  }
}
