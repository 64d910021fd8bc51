/**
 * Types in the text format: value types, reference and heap types, limits, table, memory and global types,
 * function types `(param …)* (result …)*` and type uses `(type x)? (param …)* (result …)*` — which resolve to a
 * type index, adding an implicit type where the module has no equal one, and must agree with `(type x)` when
 * both are given ("inline function type").
 */
import type { Cursor } from './cursor.js';
import { sigKey, type ModuleContext, type Sig } from './context.js';
import type { Writer } from './writer.js';
import { keywords, readKeyword } from './keywords.js';

/** Value type codes by keyword. Later proposals add rows here. */
export const VAL_TYPES = keywords({
  i32: 0x7f,
  i64: 0x7e,
  f32: 0x7d,
  f64: 0x7c,
  v128: 0x7b,
  funcref: 0x70,
  externref: 0x6f,
});

/** Heap type keywords (`ref.null func`) → their reference type codes. */
export const HEAP_TYPES = keywords({ func: 0x70, extern: 0x6f });

export function valType(c: Cursor): number {
  return readKeyword(c, VAL_TYPES);
}

export function isValType(c: Cursor): boolean {
  const word = c.atom();
  return word !== undefined && VAL_TYPES[word] !== undefined;
}

export function refType(c: Cursor): number {
  const word = c.atom();
  if (word !== 'funcref' && word !== 'externref') throw c.unexpected();
  c.pos++;
  return VAL_TYPES[word]!;
}

export function heapType(c: Cursor): number {
  return readKeyword(c, HEAP_TYPES);
}

/** `min max?`, written as the binary limits. */
export function limits(c: Cursor, w: Writer): void {
  const min = c.u32();
  writeLimits(w, min, c.maybeU32());
}

export function writeLimits(w: Writer, min: number, max: number | undefined): void {
  w.u8(max === undefined ? 0 : 1);
  w.u32(min);
  if (max !== undefined) w.u32(max);
}

/** `limits reftype`. */
export function tableType(c: Cursor, w: Writer): void {
  const min = c.u32();
  const max = c.maybeU32();
  w.u8(refType(c));
  writeLimits(w, min, max);
}

/** `valtype` or `(mut valtype)`. */
export function globalType(c: Cursor, w: Writer): void {
  if (c.isGroup('mut')) {
    c.pos += 2;
    w.u8(valType(c));
    w.u8(1);
    c.rparen();
  } else {
    w.u8(valType(c));
    w.u8(0);
  }
}

/**
 * `(param …)* (result …)*`. Parameter identifiers are collected into `names` (index → id) when given, and are an
 * error ("unexpected token") when `names` is undefined.
 */
export function funcSig(c: Cursor, names?: (string | undefined)[]): Sig {
  const params: number[] = [];
  const results: number[] = [];
  while (c.isGroup('param')) {
    c.pos += 2;
    const idAt = c.pos;
    const id = c.id();
    if (id !== undefined) {
      if (!names) throw c.error('unexpected token', idAt);
      names[params.length] = id;
      params.push(valType(c));
    } else while (!c.isRParen()) params.push(valType(c));
    c.rparen();
  }
  while (c.isGroup('result')) {
    c.pos += 2;
    while (!c.isRParen()) results.push(valType(c));
    c.rparen();
  }
  return { params, results };
}

/** A resolved type use. */
export interface TypeUse {
  index: number;
  sig: Sig;
}

/** A type use as written: the `(type x)` index if any, the type it names (if declared), the inline signature. */
export interface WrittenTypeUse {
  index: number | undefined;
  declared: Sig | undefined;
  sig: Sig;
}

/**
 * Read `(type x)? (param …)* (result …)*` without resolving it. Where both `(type x)` and an inline signature
 * are written, they must agree ("inline function type").
 */
export function readTypeUse(m: ModuleContext, names?: (string | undefined)[]): WrittenTypeUse {
  const c = m.c;
  let index: number | undefined;
  if (c.isGroup('type')) {
    c.pos += 2;
    index = m.index('type');
    c.rparen();
  }
  const sigAt = c.pos;
  const hasSig = c.isGroup('param') || c.isGroup('result');
  const sig = funcSig(c, names);
  const declared = index === undefined ? undefined : m.types[index];
  if (index !== undefined && hasSig && (declared === undefined || sigKey(declared) !== sigKey(sig))) {
    throw c.error('inline function type', sigAt);
  }
  return { index, declared, sig };
}

/**
 * `(type x)? (param …)* (result …)*` → a type index. Without `(type x)` the first equal type is used, or an
 * implicit one is added.
 */
export function typeUse(m: ModuleContext, names?: (string | undefined)[]): TypeUse {
  const { index, declared, sig } = readTypeUse(m, names);
  if (index === undefined) return { index: m.typeFor(sig), sig };
  return { index, sig: declared ?? sig };
}
