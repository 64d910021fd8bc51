/**
 * Section `weft.engine`: what an artifact was compiled with, as ordered (name, value) pairs of strings — the weft
 * version, the artifact format version, the instruction set's fingerprint and every Config setting that changes
 * compiled code. Pairs keep the format open: a new setting is a new pair, and the engine compares them field by
 * field to name the first mismatch.
 */
import { ByteReader, ByteWriter } from './bytes.js';

/** The compatibility fields of an artifact, in order. */
export type EngineFields = ReadonlyArray<readonly [name: string, value: string]>;

export const ENGINE_SECTION = 'weft.engine';

export function encodeEngineFields(fields: EngineFields): Uint8Array {
  const w = new ByteWriter();
  w.u32(fields.length);
  for (const [name, value] of fields) {
    w.str(name);
    w.str(value);
  }
  return w.finish();
}

export function decodeEngineFields(bytes: Uint8Array): Array<[string, string]> {
  const r = new ByteReader(bytes, ENGINE_SECTION);
  const n = r.count(8);
  const fields: Array<[string, string]> = [];
  const seen = new Set<string>();
  for (let i = 0; i < n; i++) {
    const name = r.str();
    if (seen.has(name)) r.fail(`field ${name} appears twice`);
    seen.add(name);
    fields.push([name, r.str()]);
  }
  r.end();
  return fields;
}
