/**
 * The decoder against the spec suite's binary modules (json/core without `simd_*`, and json/core-2022-tables):
 * every `assert_malformed` binary module must fail with a malformed `CompileError` whose reason contains the
 * expected text — except the few whose error the spec only finds inside a function body, which the validator
 * reports (listed in BODY_LEVEL and required to decode here) — and every module the suite expects to be
 * well-formed must decode. Skips, saying so, when the suite is absent.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SUITE, SUITE_PRESENT as present, specCommandFiles, type SpecCommand } from '../../test/spec-suite.js';
import { CompileError } from '../errors.js';
import { DEFAULT_FEATURES, type Features } from '../features.js';
import { decodeModule } from './decode.js';
import { newOperator, readOperator } from './operator.js';
import { Reader } from './reader.js';

/** Everything on, SIMD included: the suite's core files use v128 here and there. */
const ALL: Features = { ...DEFAULT_FEATURES, simd: true };

/**
 * Malformed modules whose error lies inside a function body (`file:line` → expected text). The decoder does not
 * walk instructions, so these decode; the validator must reject them with the expected text.
 */
const BODY_LEVEL: Record<string, string> = {
  'binary.json:56': 'END opcode expected',
  'binary.json:77': 'unexpected end of section or function',
  'binary.json:93': 'section size mismatch',
  'binary.json:126': 'zero byte expected',
  'binary.json:146': 'zero byte expected',
  'binary.json:166': 'zero byte expected',
  'binary.json:185': 'zero byte expected',
  'binary.json:204': 'zero byte expected',
  'binary.json:224': 'zero byte expected',
  'binary.json:243': 'zero byte expected',
  'binary.json:262': 'zero byte expected',
  'binary.json:280': 'zero byte expected',
  'binary.json:298': 'zero byte expected',
  'binary.json:1086': 'unexpected end',
  'binary-leb128.json:424': 'integer representation too long',
  'binary-leb128.json:443': 'integer representation too long',
  'binary-leb128.json:771': 'integer too large',
  'binary-leb128.json:789': 'integer too large',
  'binary-leb128.json:808': 'integer too large',
  'binary-leb128.json:827': 'integer too large',
};

interface Case {
  file: string;
  dir: string;
  cmd: SpecCommand;
}

function collect(): Case[] {
  return specCommandFiles().flatMap(({ name, dir, commands }) =>
    commands.map((cmd) => ({ file: `${name}.json`, dir, cmd })),
  );
}

function tryDecode(c: Case): unknown {
  try {
    decodeModule(new Uint8Array(readFileSync(join(c.dir, c.cmd.filename!))), ALL);
    return undefined;
  } catch (err) {
    return err;
  }
}

/** The first error `readOperator` meets walking each body of a module (reads cut off at the body end). */
function walkBodies(c: Case): string | undefined {
  const bytes = new Uint8Array(readFileSync(join(c.dir, c.cmd.filename!)));
  const info = decodeModule(bytes, ALL);
  const op = newOperator();
  try {
    for (const b of info.bodies) {
      const r = new Reader(bytes, b.codeStart, b.codeEnd);
      while (!r.atEnd()) readOperator(r, op);
    }
  } catch (err) {
    return err instanceof CompileError ? err.reason : String(err);
  }
  return undefined;
}

describe.skipIf(!present)('spec suite binary modules', () => {
  const cases = present ? collect() : [];

  it('rejects every binary assert_malformed module with the spec text', () => {
    const malformed = cases.filter((c) => c.cmd.type === 'assert_malformed' && c.cmd.module_type === 'binary');
    let exact = 0;
    let contains = 0;
    let body = 0;
    let bodyByOperators = 0;
    const failures: string[] = [];
    for (const c of malformed) {
      const key = `${c.file}:${c.cmd.line}`;
      const text = c.cmd.text!;
      const err = tryDecode(c);
      if (BODY_LEVEL[key] !== undefined) {
        expect(BODY_LEVEL[key]).toBe(text);
        if (err !== undefined) failures.push(`${key}: body-level case failed in the decoder: ${String(err)}`);
        body++;
        if (walkBodies(c)?.includes(text)) bodyByOperators++;
        continue;
      }
      if (!(err instanceof CompileError) || !err.malformed) {
        failures.push(`${key}: expected "${text}", got ${err === undefined ? 'success' : String(err)}`);
      } else if (!err.reason.includes(text)) {
        failures.push(`${key}: expected "${text}", got "${err.reason}"`);
      } else {
        contains++;
        if (err.reason === text) exact++;
      }
    }
    console.log(
      `assert_malformed (binary): ${malformed.length} total; decoder matched ${contains} ` +
        `(${exact} exactly, ${contains - exact} by containment); ${body} body-level left to the validator ` +
        `(${bodyByOperators} of them found by readOperator alone)`,
    );
    expect(failures).toEqual([]);
    expect(contains + body).toBe(malformed.length);
  });

  it('decodes every module the suite expects to be well-formed', () => {
    const wellFormed = cases.filter(
      (c) =>
        c.cmd.filename?.endsWith('.wasm') &&
        (c.cmd.type === 'module' ||
          (c.cmd.module_type === 'binary' && c.cmd.type !== 'assert_malformed')),
    );
    const failures: string[] = [];
    let modules = 0;
    for (const c of wellFormed) {
      const err = tryDecode(c);
      if (c.cmd.type === 'module') modules++;
      if (err !== undefined) failures.push(`${c.file}:${c.cmd.line} (${c.cmd.type}): ${String(err)}`);
    }
    console.log(
      `well-formed: ${wellFormed.length - failures.length}/${wellFormed.length} decoded ` +
        `(${modules} module commands, ${wellFormed.length - modules} assert_invalid/unlinkable/trap/... modules)`,
    );
    expect(failures).toEqual([]);
  });
});

describe.skipIf(present)('spec suite binary modules (suite absent)', () => {
  it.skip(`needs the spec suite at ${SUITE} (set WEFT_TESTSUITE)`, () => {});
});
