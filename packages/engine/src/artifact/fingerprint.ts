/**
 * The engine fingerprint: what an artifact must have been compiled with to run on this engine — the weft version,
 * the artifact format version, a hash of the instruction set (so a build whose ISA gained or reordered
 * instructions rejects older code even at the same version) and every Config setting that changes compiled code
 * (`compileSettings`: all settings but the runtime-only ones, so new settings are included by default). Stored
 * as the `weft.engine` section; compared field by field on load, naming the first mismatch.
 */
import { FORMAT_VERSION } from '@weft/serialize';
import { compileSettings, type ResolvedConfig } from '../config.js';
import { ISA } from '../compile/isa.js';
import { DeserializeError } from '../errors.js';
import { WEFT_VERSION } from '../version.js';
import { sha256Hex } from './sha256.js';

/** A short hash of the instruction set's names and operand layouts. */
export const ISA_HASH = sha256Hex(new TextEncoder().encode(JSON.stringify(ISA))).slice(0, 16);

/** The fingerprint fields of an engine with config `c`, in order. */
export function engineFields(c: ResolvedConfig): Array<[string, string]> {
  return [
    ['weftVersion', WEFT_VERSION],
    ['formatVersion', String(FORMAT_VERSION)],
    ['isa', ISA_HASH],
    ...compileSettings(c),
  ];
}

/** The fingerprint as one string (hashed for the compatibility hash and the cache key). */
export function fingerprintString(fields: ReadonlyArray<readonly [string, string]>): string {
  return fields.map(([k, v]) => `${k}=${v}`).join('\n');
}

/**
 * Check an artifact's fields against the engine's, in the engine's order.
 *
 * @throws DeserializeError naming the first field that differs, is missing, or is unknown to this engine.
 */
export function checkCompatible(
  artifact: ReadonlyArray<readonly [string, string]>,
  engine: ReadonlyArray<readonly [string, string]>,
): void {
  const theirs = new Map(artifact);
  for (const [key, mine] of engine) {
    const value = theirs.get(key);
    if (value === undefined) {
      throw new DeserializeError(`incompatible artifact: compiled without ${key}, this engine has ${key}=${mine}`);
    }
    if (value !== mine) throw new DeserializeError(mismatch(key, value, mine));
  }
  const known = new Set(engine.map(([k]) => k));
  for (const [key, value] of artifact) {
    if (!known.has(key)) {
      throw new DeserializeError(`incompatible artifact: compiled with ${key}=${value}, which this engine does not know`);
    }
  }
}

function mismatch(key: string, theirs: string, mine: string): string {
  if (key === 'weftVersion') {
    return `incompatible artifact: compiled by weft ${theirs}, this is weft ${mine}`;
  }
  if (key === 'isa') {
    return `incompatible artifact: compiled for another instruction set (isa=${theirs}, this engine has isa=${mine}); recompile it with this build of weft`;
  }
  return `incompatible artifact: compiled with ${key}=${theirs}, this engine has ${key}=${mine}`;
}
