/**
 * The validator against the spec suite's binary modules (json/core without `simd_*`, and json/core-2022-tables),
 * through decode + validate: every `assert_invalid` module must be rejected as invalid with a reason starting with
 * the expected text (as `weft wast` checks it) and an offset inside the module; every module the suite expects to be valid (`module`, `assert_unlinkable`,
 * `assert_uninstantiable`) must be accepted; and every `assert_malformed` binary module that the decoder lets
 * through (its fault is inside a function body) must be rejected as malformed with the expected text.
 * Skips, saying so, when the suite is absent.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SUITE, SUITE_PRESENT as present, specCommandFiles, type SpecCommand } from '../../test/spec-suite.js';
import { decodeModule } from '../binary/decode.js';
import { CompileError } from '../errors.js';
import { DEFAULT_FEATURES, type Features } from '../features.js';
import { validateModule } from './module.js';

/** Everything on, SIMD included: a few core files declare v128 globals and locals outside `simd_*`. */
const ALL: Features = { ...DEFAULT_FEATURES, simd: true };

/**
 * assert_invalid cases whose binary cannot carry what the test means (key → reason and the error we give).
 * Every entry must still be rejected, with `got` in the reason, so the list cannot go stale silently.
 */
const KNOWN: Record<string, { reason: string; got: string }> = {
  'core/select.json:324': {
    reason: 'wabt encodes `select (result)` (zero types) as the untyped select 0x1b, so the binary holds a plain select',
    got: 'type mismatch',
  },
};

interface Case {
  key: string;
  bytes: Uint8Array;
  cmd: SpecCommand;
}

function collect(): Case[] {
  const cases: Case[] = [];
  for (const { group, name, dir, commands } of specCommandFiles()) {
    for (const cmd of commands) {
      if (!cmd.filename?.endsWith('.wasm')) continue;
      const bytes = new Uint8Array(readFileSync(join(dir, cmd.filename)));
      cases.push({ key: `${group}/${name}.json:${cmd.line}`, bytes, cmd });
    }
  }
  return cases;
}

/** Decode and validate; returns what was thrown, or undefined. */
function check(bytes: Uint8Array): unknown {
  try {
    validateModule(decodeModule(bytes, ALL), bytes, ALL);
    return undefined;
  } catch (err) {
    return err;
  }
}

describe.skipIf(!present)('spec suite: validation', () => {
  const cases = present ? collect() : [];

  it('rejects every assert_invalid module with the spec text', () => {
    const invalidCases = cases.filter((c) => c.cmd.type === 'assert_invalid');
    const failures: string[] = [];
    let exact = 0;
    for (const c of invalidCases) {
      const err = check(c.bytes);
      const known = KNOWN[c.key];
      const text = known?.got ?? c.cmd.text!;
      if (!(err instanceof CompileError)) {
        failures.push(`${c.key}: expected "${text}", got ${err === undefined ? 'success' : String(err)}`);
      } else if (err.malformed || !err.reason.startsWith(text)) {
        failures.push(`${c.key}: expected invalid "${text}", got ${err.malformed ? 'malformed' : 'invalid'} "${err.reason}"`);
      } else {
        // Every error points at something in the module: past the 8-byte header, at most at its end.
        if (err.offset < 8 || err.offset > c.bytes.length) failures.push(`${c.key}: offset ${err.offset} for "${err.reason}"`);
        if (err.reason === text) exact++;
      }
    }
    const matched = invalidCases.length - failures.length - Object.keys(KNOWN).length;
    console.log(
      `assert_invalid: ${matched}/${invalidCases.length} rejected with the spec text (${exact} exactly); ` +
        `${Object.keys(KNOWN).length} known (rejected, other text): ${Object.keys(KNOWN).join(', ')}`,
    );
    expect(failures).toEqual([]);
    expect(invalidCases.length).toBeGreaterThan(1000);
  });

  it('accepts every module the suite expects to be valid', () => {
    const valid = cases.filter((c) => ['module', 'assert_unlinkable', 'assert_uninstantiable'].includes(c.cmd.type));
    const failures: string[] = [];
    for (const c of valid) {
      const err = check(c.bytes);
      if (err !== undefined) failures.push(`${c.key} (${c.cmd.type}): ${String(err)}`);
    }
    console.log(`valid modules: ${valid.length - failures.length}/${valid.length} accepted`);
    expect(failures).toEqual([]);
    expect(valid.length).toBeGreaterThan(1000);
  });

  it('rejects malformed bodies the decoder lets through with the spec text', () => {
    const malformed = cases.filter((c) => c.cmd.type === 'assert_malformed' && c.cmd.module_type === 'binary');
    const failures: string[] = [];
    let bodyLevel = 0;
    for (const c of malformed) {
      const bytes = c.bytes;
      let info;
      try {
        info = decodeModule(bytes, ALL);
      } catch {
        continue; // the decoder's business (binary/spec-suite.test.ts)
      }
      bodyLevel++;
      const text = c.cmd.text!;
      try {
        validateModule(info, bytes, ALL);
        failures.push(`${c.key}: expected malformed "${text}", validated`);
      } catch (err) {
        if (!(err instanceof CompileError) || !err.malformed || !err.reason.startsWith(text)) {
          failures.push(`${c.key}: expected malformed "${text}", got ${String(err)}`);
        }
      }
    }
    console.log(`assert_malformed left to the validator: ${bodyLevel - failures.length}/${bodyLevel} rejected with the spec text`);
    expect(failures).toEqual([]);
  });
});

describe.skipIf(present)('spec suite: validation (suite absent)', () => {
  it.skip(`needs the spec suite at ${SUITE} (set WEFT_TESTSUITE)`, () => {});
});
