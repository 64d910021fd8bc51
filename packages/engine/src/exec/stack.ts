/**
 * The value stack: one store-owned `ArrayBuffer` of 8-byte slots with aliased views, plus a parallel array for
 * references. Slot `i` is `i32[2*i]`, `i64[i]`, `f32[2*i]`, `f64[i]`, `refs[i]`. Float values are moved as
 * integers (`i32` pairs or `i64`) so NaN payloads survive; float views are for arithmetic only.
 */
export class ValueStack {
  readonly buffer: ArrayBuffer;
  readonly i32: Int32Array;
  readonly u32: Uint32Array;
  readonly f32: Float32Array;
  readonly f64: Float64Array;
  readonly i64: BigInt64Array;
  /** References (funcref: internal function or null; externref: host value or null), by slot. */
  readonly refs: unknown[];

  constructor(readonly slots: number) {
    this.buffer = new ArrayBuffer(slots * 8);
    this.i32 = new Int32Array(this.buffer);
    this.u32 = new Uint32Array(this.buffer);
    this.f32 = new Float32Array(this.buffer);
    this.f64 = new Float64Array(this.buffer);
    this.i64 = new BigInt64Array(this.buffer);
    this.refs = new Array<unknown>(slots).fill(null);
  }
}
