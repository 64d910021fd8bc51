import { describe, expect, it } from 'vitest';
import { body, fn, mod, sec, str, vec } from '../binary/testing.js';
import { Engine } from '../engine.js';
import { CompileError } from '../errors.js';
import { Module } from '../module.js';
import { Instance } from '../instance.js';
import { Store } from '../store.js';
import { wat2wasm } from './wat2wasm.js';

const I32 = 0x7f, I64 = 0x7e;

/** The malformed error `wat2wasm(text)` throws. */
function fail(text: string): CompileError {
  try {
    wat2wasm(text);
  } catch (err) {
    expect(err).toBeInstanceOf(CompileError);
    expect((err as CompileError).malformed).toBe(true);
    return err as CompileError;
  }
  throw new Error(`expected a CompileError for ${text}`);
}

describe('wat2wasm: modules', () => {
  it('encodes the empty module, with or without (module)', () => {
    expect(wat2wasm('(module)')).toEqual(mod());
    expect(wat2wasm('')).toEqual(mod());
    expect(wat2wasm('(module $m)')).toEqual(mod());
  });

  it('encodes a function with flat and folded instructions alike', () => {
    const expected = mod(
      sec(1, vec([fn([I32, I32], [I32])])),
      sec(3, vec([[0]])),
      sec(7, vec([[...str('add'), 0, 0]])),
      sec(10, vec([body([], [0x20, 0, 0x20, 1, 0x6a])])),
    );
    const flat = '(module (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))';
    const folded = '(func $add (export "add") (param $a i32) (param $b i32) (result i32) (i32.add (local.get $a) (local.get $b)))';
    expect(wat2wasm(flat)).toEqual(expected);
    expect(wat2wasm(folded)).toEqual(expected);
  });

  it('resolves forward references, implicit types and locals', () => {
    const bytes = wat2wasm(`(module
      (func $f (call $g (i64.const -1)))
      (func $g (param i64) (local $x i32) (local i64 i64) (local.set $x (i32.const 1)))
      (type $t (func (param i32))))`);
    expect(bytes).toEqual(
      mod(
        sec(1, vec([fn([I32], []), fn([], []), fn([I64], [])])),
        sec(3, vec([[1], [2]])),
        sec(10, vec([body([], [0x42, 0x7f, 0x10, 1]), body([[1, I32], [2, I64]], [0x41, 1, 0x21, 1])])),
      ),
    );
  });

  it('encodes labels as depths, block types, if/else and br_table', () => {
    const bytes = wat2wasm(`(func (param i32) (result i32)
      (block $out (result i32)
        (if $l (result i32) (local.get 0) (then (br $out (i32.const 1))) (else (i32.const 2))))
      (loop $top (br_table $top 0 (local.get 0)))
      drop)`);
    const code = [
      0x02, I32, 0x20, 0, 0x04, I32, 0x41, 1, 0x0c, 1, 0x05, 0x41, 2, 0x0b, 0x0b,
      0x03, 0x40, 0x20, 0, 0x0e, 1, 0, 0, 0x0b, 0x1a,
    ];
    expect(bytes).toEqual(mod(sec(1, vec([fn([I32], [I32])])), sec(3, vec([[0]])), sec(10, vec([body([], code)]))));
  });

  it('writes memory arguments, prefixed operators and the data count section', () => {
    const bytes = wat2wasm(`(memory 1) (data $d "hi")
      (func (i64.store offset=8 align=4 (i32.const 0) (i64.const 0)) (memory.init $d (i32.const 0) (i32.const 0) (i32.const 2)) (data.drop 0))`);
    const code = [0x41, 0, 0x42, 0, 0x37, 2, 8, 0x41, 0, 0x41, 0, 0x41, 2, 0xfc, 8, 0, 0, 0xfc, 9, 0];
    expect(bytes).toEqual(
      mod(
        sec(1, vec([fn([], [])])),
        sec(3, vec([[0]])),
        sec(5, vec([[0, 1]])),
        sec(12, [1]),
        sec(10, vec([body([], code)])),
        sec(11, vec([[1, ...str('hi')]])),
      ),
    );
  });

  it('expands inline imports, exports, tables with elements and memories with data', () => {
    const bytes = wat2wasm(`(module
      (func $i (import "m" "f") (param i32))
      (global (export "g") (mut i32) (i32.const 7))
      (table (export "t") funcref (elem $i $i))
      (memory (data "abc")))`);
    expect(bytes).toEqual(
      mod(
        sec(1, vec([fn([I32], [])])),
        sec(2, vec([[...str('m'), ...str('f'), 0, 0]])),
        sec(4, vec([[0x70, 1, 2, 2]])),
        sec(5, vec([[1, 1, 1]])),
        sec(6, vec([[I32, 1, 0x41, 7, 0x0b]])),
        sec(7, vec([[...str('g'), 3, 0], [...str('t'), 1, 0]])),
        sec(9, vec([[0, 0x41, 0, 0x0b, 2, 0, 0]])),
        sec(11, vec([[0, 0x41, 0, 0x0b, ...str('abc')]])),
      ),
    );
  });

  it('reads (module binary …) and (module quote …)', () => {
    expect(wat2wasm('(module binary "\\00asm" "\\01\\00\\00\\00")')).toEqual(mod());
    expect(wat2wasm('(module quote "(func)")')).toEqual(wat2wasm('(func)'));
  });

  it('skips comments and annotations', () => {
    expect(wat2wasm('(module (; a (; nested ;) comment ;) (@custom "x" (y)) ;; line\n)')).toEqual(mod());
  });
});

describe('wat2wasm: malformed text', () => {
  it.each([
    ['(func br $nowhere)', 'unknown label'],
    ['(func (block $a) loop $b end $a)', 'mismatching label'],
    ['(func block $a end $b)', 'mismatching label'],
    ['(func call $g)', 'unknown function'],
    ['(func (local $x i32) (local $x i32))', 'duplicate local'],
    ['(func $f) (func $f)', 'duplicate func'],
    ['(func) (import "m" "f" (func))', 'import after function'],
    ['(memory 0) (import "m" "f" (global i32))', 'import after memory'],
    ['(type (func)) (func (type 0) (param i32))', 'inline function type'],
    ['(func i32.const 4294967296 drop)', 'constant out of range'],
    ['(func f32.const 1e39 drop)', 'constant out of range'],
    ['(func i32.load align=3 drop)', 'alignment must be a power of two'],
    ['(func i32.add_s)', 'unknown operator'],
    ['(func i32.const 1x drop)', 'unknown operator'],
    ['(export "\\ff" (func 0))', 'malformed UTF-8 encoding'],
    ['(start 0) (start 0)', 'multiple start sections'],
    ['(data $l"a")', 'unexpected token'],
    ['(func (nop)', 'unexpected end'],
    ['(func "unclosed)', 'unclosed string'],
    ['(func nop) )', 'unexpected token'],
  ])('%s: %s', (text, reason) => {
    expect(fail(text).reason).toBe(reason);
  });

  it('reports line and column', () => {
    const err = fail('(module\n  (func\n    i32.bogus))');
    expect(err.line).toBe(3);
    expect(err.column).toBe(5);
    expect(err.message).toBe('unknown operator (at line 3, column 5)');
  });
});

describe('Module from text', () => {
  it('compiles and runs a module given as text', () => {
    const engine = new Engine();
    const module = new Module(engine, '(module (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1))))');
    const store = new Store(engine);
    const instance = new Instance(store, module, []);
    expect(instance.getFunc(store, 'add')!.call(store, [2, 40])).toEqual([42]);
  });

  it('validates text, and reports malformed text with its position', () => {
    const engine = new Engine();
    expect(() => Module.validate(engine, '(module (func (result i32)))')).toThrow(CompileError);
    expect(() => Module.validate(engine, '(module (func (result i32) i32.const 1))')).not.toThrow();
    expect(() => new Module(engine, '(module (func i32.nope))')).toThrow('unknown operator (at line 1, column 15)');
  });
});

describe('wat2wasm: SIMD rows', () => {
  it('encodes v128.const, shuffles, lanes and memory lanes with the 0xfd prefix', () => {
    const bytes = wat2wasm(`(memory 1) (func (result i32)
      (i8x16.shuffle 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 31
        (v128.const i32x4 1 -1 0x10 0)
        (v128.load32_lane offset=4 1 (i32.const 0) (v128.const f32x4 1 0 0 -0)))
      i32x4.extract_lane 3)`);
    const code = [
      0xfd, 0x0c, 1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0x10, 0, 0, 0, 0, 0, 0, 0,
      0x41, 0, 0xfd, 0x0c, 0, 0, 0x80, 0x3f, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x80,
      0xfd, 0x56, 2, 4, 1,
      0xfd, 0x0d, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 31,
      0xfd, 0x1b, 3,
    ];
    expect(bytes).toEqual(mod(sec(1, vec([fn([], [I32])])), sec(3, vec([[0]])), sec(5, vec([[0, 1]])), sec(10, vec([body([], code)]))));
  });

  it('finds no keyword on Object.prototype (constructor, toString, __proto__)', () => {
    expect(fail('(func (param constructor))').reason).toBe('unexpected token');
    expect(fail('(func (result toString))').reason).toBe('unexpected token');
    expect(fail('(func (drop (ref.null constructor)))').reason).toBe('unexpected token');
    expect(fail('(func (drop (v128.const constructor 0)))').reason).toBe('unexpected token');
    expect(fail('(func) (export "x" (__proto__ 0))').reason).toBe('unexpected token');
    expect(fail('(import "a" "b" (constructor $x))').reason).toBe('unexpected token');
  });

  it('checks lane counts and ranges', () => {
    expect(fail('(func (v128.const i32x4 1 2 3) drop)').reason).toBe('wrong number of lane literals');
    expect(fail('(func (v128.const i8x16 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 256) drop)').reason).toBe('constant out of range');
    expect(fail('(func (i8x16.extract_lane_s 256 (v128.const i64x2 0 0)) drop)').reason).toBe('malformed lane index');
    expect(fail('(func (i8x16.shuffle 0 1 (v128.const i64x2 0 0) (v128.const i64x2 0 0)) drop)').reason).toBe(
      'invalid lane length',
    );
  });
});
