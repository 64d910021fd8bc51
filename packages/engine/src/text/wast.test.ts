import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SUITE, SUITE_GROUPS, SUITE_PRESENT } from '../../test/spec-suite.js';
import { CompileError } from '../errors.js';
import { parseWast } from './wast.js';
import { wat2wasm } from './wat2wasm.js';

describe('parseWast', () => {
  it('reads commands in the shape of wast2json', () => {
    const script = parseWast(
      `(module $M (func (export "f") (param i32) (result i32) local.get 0))
(register "m" $M)
(assert_return (invoke $M "f" (i32.const -1)) (i32.const 0xffffffff))
(assert_return (invoke "f" (i32.const 0)) (f32.const nan:canonical) (ref.extern 1) (ref.null func) (ref.func))
(get "g")
(assert_trap (invoke "f" (i64.const -1) (f64.const -0x1p0)) "unreachable")
(assert_malformed (module quote "(func" ")") "unexpected token")
(assert_invalid (module (func (result i32))) "type mismatch")
(assert_trap (module (func unreachable) (start 0)) "unreachable")
(assert_exhaustion (invoke "f") "call stack exhausted")`,
      'dir/demo.wast',
    );
    expect(script.source_filename).toBe('dir/demo.wast');
    const [mod, reg, ret, ret2, get, trap, malformed, invalid, uninst, exhaust] = script.commands;
    expect(mod).toMatchObject({ type: 'module', line: 1, name: '$M', filename: 'demo.0.wasm', module_type: 'binary' });
    expect((mod as { bytes: Uint8Array }).bytes).toEqual(wat2wasm('(func (export "f") (param i32) (result i32) local.get 0)'));
    expect(reg).toEqual({ type: 'register', line: 2, name: '$M', as: 'm' });
    expect(ret).toEqual({
      type: 'assert_return',
      line: 3,
      action: { type: 'invoke', module: '$M', field: 'f', args: [{ type: 'i32', value: '4294967295' }] },
      expected: [{ type: 'i32', value: '4294967295' }],
    });
    expect(ret2).toMatchObject({
      expected: [
        { type: 'f32', value: 'nan:canonical' },
        { type: 'externref', value: '1' },
        { type: 'funcref', value: 'null' },
        { type: 'funcref' },
      ],
    });
    expect(get).toEqual({ type: 'action', line: 5, action: { type: 'get', field: 'g' }, expected: [] });
    expect(trap).toMatchObject({
      type: 'assert_trap',
      text: 'unreachable',
      action: { args: [{ type: 'i64', value: '18446744073709551615' }, { type: 'f64', value: '13830554455654793216' }] },
    });
    expect(malformed).toMatchObject({ type: 'assert_malformed', filename: 'demo.1.wat', module_type: 'text' });
    // Quoted text is kept, to be parsed (and rejected) when the command runs.
    expect(new TextDecoder().decode((malformed as { bytes: Uint8Array }).bytes)).toBe('(func)');
    expect(invalid).toMatchObject({ type: 'assert_invalid', filename: 'demo.2.wasm', module_type: 'binary', text: 'type mismatch' });
    expect(uninst).toMatchObject({ type: 'assert_uninstantiable', filename: 'demo.3.wasm', text: 'unreachable' });
    expect(exhaust).toMatchObject({ type: 'assert_exhaustion', line: 10, text: 'call stack exhausted' });
  });

  it('keeps a text module that does not encode as text, for its command to report', () => {
    const [cmd] = parseWast('(module (func br $nowhere))').commands;
    expect(cmd).toMatchObject({ type: 'module', module_type: 'text', filename: 'script.0.wat' });
    expect(() => wat2wasm(new TextDecoder().decode((cmd as { bytes: Uint8Array }).bytes))).toThrow('unknown label');
  });

  it('reads a script that is one bare module', () => {
    const script = parseWast('(func) (memory 1)', 'inline.wast');
    expect(script.commands).toHaveLength(1);
    expect(script.commands[0]).toMatchObject({ type: 'module', filename: 'inline.0.wasm' });
  });

  it('reports a malformed script with line and column', () => {
    const err = (() => {
      try {
        parseWast('(module)\n(assert_return (invoke "f" (i32.const x)))');
      } catch (e) {
        return e as CompileError;
      }
    })();
    expect(err).toBeInstanceOf(CompileError);
    expect(err!.line).toBe(2);
    expect(err!.column).toBe(39);
  });
});

// The spec suite's scripts against wabt's wast2json output: same commands, same module bytes.
const scripts = SUITE_PRESENT
  ? SUITE_GROUPS.flatMap((g) =>
      readdirSync(join(SUITE, 'wast', g))
        .filter((f) => f.endsWith('.wast') && !f.startsWith('simd_') && existsSync(join(SUITE, 'json', g, f.slice(0, -5))))
        .map((f) => [g, f.slice(0, -5)] as const),
    )
  : [];

describe.skipIf(scripts.length === 0)('parseWast against wast2json (spec suite)', () => {
  it.each(scripts)('%s/%s', (group, name) => {
    const script = parseWast(readFileSync(join(SUITE, 'wast', group, `${name}.wast`), 'utf8'), `${name}.wast`);
    const dir = join(SUITE, 'json', group, name);
    const json = JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')) as { commands: Record<string, unknown>[] };
    expect(script.commands).toHaveLength(json.commands.length);
    script.commands.forEach((cmd, i) => {
      const want = { ...json.commands[i]! };
      const { bytes, ...got } = cmd as typeof cmd & { bytes?: Uint8Array };
      if (got.type === 'assert_trap' || got.type === 'assert_exhaustion') {
        delete want.expected; // wast2json adds the function's result types
        delete (got as { expected?: unknown }).expected;
      }
      if (got.type === 'module') {
        // wast2json writes no module_type for modules, and encodes quoted ones.
        delete (got as { module_type?: unknown }).module_type;
        if (got.filename.endsWith('.wat')) got.filename = got.filename.replace(/\.wat$/, '.wasm');
      }
      expect(got, `command ${i}`).toEqual(want);
      if (bytes && String(want.filename).endsWith('.wasm') && (cmd as { module_type?: string }).module_type === 'binary') {
        expect(bytes, `${want.filename}`).toEqual(new Uint8Array(readFileSync(join(dir, String(want.filename)))));
      }
    });
  });
});
