/**
 * `GlobalCell`, the concrete `GlobalInstance`: numeric values live in an 8-byte buffer seen through i32, i64,
 * f32 and f64 views (moved as integers so float bits stay exact), references in `ref`.
 */
import type { GlobalType } from '@weft/serialize';
import type { GlobalInstance } from './instances.js';

/** A global's cell: 8 bytes seen through four typed views, or a reference. */
export class GlobalCell implements GlobalInstance {
  readonly type: GlobalType;
  readonly i32: Int32Array;
  readonly i64: BigInt64Array;
  readonly f32: Float32Array;
  readonly f64: Float64Array;
  ref: unknown = null;

  constructor(type: GlobalType) {
    this.type = type;
    const buffer = new ArrayBuffer(8);
    this.i32 = new Int32Array(buffer);
    this.i64 = new BigInt64Array(buffer);
    this.f32 = new Float32Array(buffer);
    this.f64 = new Float64Array(buffer);
  }
}
