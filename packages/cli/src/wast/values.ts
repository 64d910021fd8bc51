/**
 * Values between a wast2json script and the engine: script arguments become `Val`s (exact bits for floats),
 * results are matched against expected values (`nan:canonical` / `nan:arithmetic` patterns, references by
 * identity), and both are printed for failure messages. `v128` is not supported yet: such commands are skipped.
 * Pure functions on plain `Val` objects, so this file needs nothing of the engine at run time.
 */
import type { Val } from '@weft/engine';
import type { ScriptValue } from './script.js';

/** Thrown when a command uses a value the runner cannot express; the command is counted as skipped. */
export class Unsupported extends Error {
  override name = 'Unsupported';
}

/** The host value behind the script's `ref.extern N`: one object per number, compared by identity. */
export class HostRef {
  constructor(readonly id: number) {}
  toString(): string {
    return `ref.extern ${this.id}`;
  }
}

/** The `ref.extern N` values of one script run: `get(n)` returns the same object for the same number. */
export class HostRefs {
  readonly #refs = new Map<number, HostRef>();
  get(id: number): HostRef {
    let ref = this.#refs.get(id);
    if (ref === undefined) {
      ref = new HostRef(id);
      this.#refs.set(id, ref);
    }
    return ref;
  }
}

function scalar(v: ScriptValue): string {
  if (typeof v.value !== 'string') throw new Unsupported(`${v.type} value without a scalar`);
  return v.value;
}

/** Convert one script argument to a `Val`. */
export function toVal(v: ScriptValue, refs: HostRefs): Val {
  switch (v.type) {
    case 'i32':
      return { type: 'i32', value: Number(scalar(v)) | 0 };
    case 'i64':
      return { type: 'i64', value: BigInt.asIntN(64, BigInt(scalar(v))) };
    case 'f32':
      return { type: 'f32', bits: Number(scalar(v)) >>> 0 };
    case 'f64':
      return { type: 'f64', bits: BigInt.asUintN(64, BigInt(scalar(v))) };
    case 'externref': {
      const s = scalar(v);
      return { type: 'externref', value: s === 'null' ? null : refs.get(Number(s)) };
    }
    case 'funcref':
      if (scalar(v) === 'null') return { type: 'funcref', value: null };
      throw new Unsupported('non-null funcref argument');
    case 'v128':
      throw new Unsupported('v128 values are not supported by the runner yet');
    default:
      throw new Unsupported(`value type ${v.type}`);
  }
}

/** Reject expected values the runner cannot check (v128), before the action runs. */
export function checkExpectable(v: ScriptValue): void {
  if (v.type === 'v128') throw new Unsupported('v128 values are not supported by the runner yet');
  if (!['i32', 'i64', 'f32', 'f64', 'externref', 'funcref'].includes(v.type)) {
    throw new Unsupported(`value type ${v.type}`);
  }
}

const F32_CANONICAL = 0x7fc0_0000;
const F64_CANONICAL = 0x7ff8_0000_0000_0000n;
const F64_ABS = 0x7fff_ffff_ffff_ffffn;

/** Does `actual` match the script's expected value? */
export function matches(expected: ScriptValue, actual: Val, refs: HostRefs): boolean {
  if (actual.type !== expected.type) return false;
  const want = expected.value;
  switch (actual.type) {
    case 'i32':
      return actual.value === (Number(want) | 0);
    case 'i64':
      return BigInt.asUintN(64, actual.value) === BigInt.asUintN(64, BigInt(want as string));
    case 'f32': {
      const bits = actual.bits >>> 0;
      if (want === 'nan:canonical') return (bits & 0x7fff_ffff) === F32_CANONICAL;
      if (want === 'nan:arithmetic') return (bits & F32_CANONICAL) === F32_CANONICAL;
      return bits === Number(want) >>> 0;
    }
    case 'f64': {
      const bits = BigInt.asUintN(64, actual.bits);
      if (want === 'nan:canonical') return (bits & F64_ABS) === F64_CANONICAL;
      if (want === 'nan:arithmetic') return (bits & F64_CANONICAL) === F64_CANONICAL;
      return bits === BigInt.asUintN(64, BigInt(want as string));
    }
    case 'externref':
      if (want === undefined) return actual.value !== null && actual.value !== undefined;
      if (want === 'null') return actual.value === null;
      return actual.value === refs.get(Number(want));
    case 'funcref':
      if (want === undefined) return actual.value !== null && actual.value !== undefined;
      if (want === 'null') return actual.value === null;
      return false;
    default:
      return false;
  }
}

function f32Number(bits: number): number {
  const view = new DataView(new ArrayBuffer(4));
  view.setUint32(0, bits);
  return view.getFloat32(0);
}

function f64Number(bits: bigint): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt.asUintN(64, bits));
  return view.getFloat64(0);
}

const hex = (n: number | bigint, digits: number) => `0x${n.toString(16).padStart(digits, '0')}`;

/** Print a result the way failure messages show it: type, value, and the bits of floats. */
export function formatVal(val: Val): string {
  switch (val.type) {
    case 'i32':
      return `i32:${val.value}`;
    case 'i64':
      return `i64:${val.value}`;
    case 'f32':
      return `f32:${f32Number(val.bits >>> 0)} (${hex(val.bits >>> 0, 8)})`;
    case 'f64':
      return `f64:${f64Number(val.bits)} (${hex(BigInt.asUintN(64, val.bits), 16)})`;
    case 'funcref':
      return val.value === null ? 'funcref:null' : 'funcref:<func>';
    case 'externref':
      return `externref:${val.value === null ? 'null' : String(val.value)}`;
    default:
      return `${(val as { type: string }).type}:?`;
  }
}

/** Print an expected value from the script. */
export function formatExpected(v: ScriptValue): string {
  const want = v.value;
  if (Array.isArray(want)) return `${v.type}:${v.lane_type ?? '?'}[${want.join(' ')}]`;
  if (want === undefined) return `${v.type}:<non-null>`;
  if (want === 'null' || want.startsWith('nan:')) return `${v.type}:${want}`;
  switch (v.type) {
    case 'i32':
      return `i32:${Number(want) | 0}`;
    case 'i64':
      return `i64:${BigInt.asIntN(64, BigInt(want))}`;
    case 'f32':
      return formatVal({ type: 'f32', bits: Number(want) >>> 0 });
    case 'f64':
      return formatVal({ type: 'f64', bits: BigInt(want) });
    case 'externref':
      return `externref:ref.extern ${want}`;
    default:
      return `${v.type}:${want}`;
  }
}
