/**
 * What the section decoders share while one module is decoded: the reader over the whole module, the enabled
 * features, the module info being filled in, and one reusable `Operator` for reading constant expressions; and
 * the vector walk that every section with entries does.
 */
import type { ItemOffsets, ModuleInfo } from '@weft/serialize';
import type { Features } from '../features.js';
import type { Operator } from './operator.js';
import type { Reader } from './reader.js';

export interface DecodeContext {
  /** Reads the whole module: a section's contents are not cut off at its declared end (see `decode.ts`). */
  readonly r: Reader;
  readonly features: Features;
  readonly info: ModuleInfo;
  /** Where the items are, for the validator's messages (the same object as `info.offsets`). */
  readonly offsets: ItemOffsets;
  /** Scratch operator for `readOperator`. */
  readonly op: Operator;
}

/** A section's vector of entries: for each, notes where it starts in `offsets`, then calls `read` at it. */
export function readEntries(r: Reader, offsets: number[], read: () => void): void {
  const n = r.len32();
  for (let i = 0; i < n; i++) {
    offsets.push(r.pos);
    read();
  }
}
