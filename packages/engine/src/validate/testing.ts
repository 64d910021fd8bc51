/**
 * Test helper for the validator's unit tests: assemble a module binary from per-section entry bytes (in section
 * order, with the data count section where the binary format puts it), run decode + validate on it returning
 * the error instead of throwing, and assert the outcome (`valid`, `invalid`, `malformed`). Not part of the
 * public API.
 */
import { expect } from 'vitest';
import { decodeModule } from '../binary/decode.js';
import { body, fn, mod, sec, str, u32, vec } from '../binary/testing.js';
import { CompileError } from '../errors.js';
import { DEFAULT_FEATURES, type Features } from '../features.js';
import { validateModule } from './module.js';

export { fn, str, u32 };

export const I32 = 0x7f;
export const I64 = 0x7e;
export const F32 = 0x7d;
export const F64 = 0x7c;
export const V128 = 0x7b;
export const FUNCREF = 0x70;
export const EXTERNREF = 0x6f;
/** The empty block type. */
export const EMPTY = 0x40;

export interface Func {
  /** Type index. */
  type: number;
  /** Local runs `[count, type]`. */
  locals?: [number, number][];
  /** Instructions without the final `end` (added). */
  code: number[];
}

export interface Parts {
  /** Function types, e.g. `fn([I32], [I32])`. */
  types?: number[][];
  imports?: number[][];
  funcs?: Func[];
  tables?: number[][];
  memories?: number[][];
  globals?: number[][];
  exports?: number[][];
  start?: number;
  elems?: number[][];
  dataCount?: number;
  datas?: number[][];
}

/** A module binary with the given sections (absent parts are left out). */
export function build(p: Parts): Uint8Array {
  const sections: number[][] = [];
  const add = (id: number, items: number[][] | undefined) => {
    if (items !== undefined) sections.push(sec(id, vec(items)));
  };
  add(1, p.types);
  add(2, p.imports);
  add(3, p.funcs?.map((f) => u32(f.type)));
  add(4, p.tables);
  add(5, p.memories);
  add(6, p.globals);
  add(7, p.exports);
  if (p.start !== undefined) sections.push(sec(8, u32(p.start)));
  add(9, p.elems);
  if (p.dataCount !== undefined) sections.push(sec(12, u32(p.dataCount)));
  add(10, p.funcs?.map((f) => body(f.locals ?? [], f.code)));
  add(11, p.datas);
  return mod(...sections);
}

/** A module with one function of type `params -> results` and body `code`, plus any other parts. */
export function func(params: number[], results: number[], code: number[], extra: Parts = {}): Uint8Array {
  return build({ types: [fn(params, results)], funcs: [{ type: 0, code }], ...extra });
}

/** Decode and validate; returns the error thrown, or undefined if the module is valid. */
export function check(bytes: Uint8Array, features: Partial<Features> = {}): unknown {
  const all = { ...DEFAULT_FEATURES, ...features };
  try {
    validateModule(decodeModule(bytes, all), bytes, all);
    return undefined;
  } catch (err) {
    return err;
  }
}

/** Assert an invalid-module error whose reason contains `text`; returns it. */
export function invalid(bytes: Uint8Array, text: string, features: Partial<Features> = {}): CompileError {
  return expectError(bytes, text, false, features);
}

/** Assert a malformed-module error whose reason contains `text` (found by the validator); returns it. */
export function malformed(bytes: Uint8Array, text: string): CompileError {
  return expectError(bytes, text, true, {});
}

/** Assert that the module decodes and validates. */
export function valid(bytes: Uint8Array, features: Partial<Features> = {}): void {
  expect(check(bytes, features)).toBeUndefined();
}

function expectError(bytes: Uint8Array, text: string, isMalformed: boolean, features: Partial<Features>): CompileError {
  const err = check(bytes, features);
  expect(err).toBeInstanceOf(CompileError);
  const e = err as CompileError;
  expect(e.reason).toContain(text);
  expect(e.malformed).toBe(isMalformed);
  return e;
}

/** Limits `min` (and `max`): flag, then the bounds. */
export function limits(min: number, max?: number): number[] {
  return max === undefined ? [0x00, ...u32(min)] : [0x01, ...u32(min), ...u32(max)];
}

/** An export entry: name, kind (0 func, 1 table, 2 memory, 3 global), index. */
export function exp(name: string, kind: number, index: number): number[] {
  return [...str(name), kind, ...u32(index)];
}

/** A constant expression from instruction bytes (the final `end` is added). */
export function expr(...code: number[]): number[] {
  return [...code, 0x0b];
}
