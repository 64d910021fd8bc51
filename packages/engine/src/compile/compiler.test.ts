/**
 * Compiler tests: the instruction-set table agrees with the `I` enum, and `fixtures/lowering.wat` lowers to the
 * expected register-form code (checked on the disassembly): no code for `local.get`, results written straight into
 * locals, `_IMM` instructions for constant operands, fused compare-and-branch, offsets folded into loads and
 * stores, pending local reads materialised before a write, unreachable code skipped, locals initialised; with
 * metering, a `FUEL` per chain of basic blocks carrying its cost (elided operators counted), `FUEL_EXIT` stubs on
 * the edges that leave a chain early, and `EPOCH` at entry.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeModule } from '../binary/decode.js';
import { DEFAULT_FEATURES } from '../features.js';
import { validateModule } from '../validate/module.js';
import { compileFunction, ModuleCompiler } from './compiler.js';
import { disassemble } from './disasm.js';
import { I, ISA } from './isa.js';
import { fuelCostTable, NO_METERING } from './metering.js';

const bytes = new Uint8Array(readFileSync(new URL('./fixtures/lowering.wasm', import.meta.url)));
const info = decodeModule(bytes, DEFAULT_FEATURES);
const lower = (index: number) => disassemble(compileFunction(info, bytes, index, DEFAULT_FEATURES).code);

describe('instruction set', () => {
  it('lists every instruction of the enum in enum order', () => {
    const names = ISA.map(([name]) => name);
    expect(new Set(names).size).toBe(names.length);
    // The const enum has no runtime object once bundled: compare with its declaration in the source.
    const source = readFileSync(new URL('./isa.ts', import.meta.url), 'utf8');
    const declared = [...source.matchAll(/^ {2}([A-Z0-9_]+) = (\d+),$/gm)].map((m) => [m[1], Number(m[2])]);
    expect(declared).toEqual(names.map((name, i) => [name, i]));
    const at = (name: string) => names.indexOf(name);
    expect([I.UNREACHABLE, I.I32_ADD, I.EPOCH, I.CALL_LOCAL, I.CALL_FUEL]).toEqual([0, at('I32_ADD'), at('EPOCH'), at('CALL_LOCAL'), at('CALL_FUEL')]);
  });
});

describe('lowering', () => {
  it('writes a result straight into the local that local.set names', () => {
    expect(lower(0)).toEqual(['0: ZERO_LOCALS s2 1', '3: I32_ADD s2 s0 s1', '7: RETURN']);
  });

  it('folds constant operands into _IMM instructions (here two in a row into one superinstruction)', () => {
    // x * 3 - 5: I32_MUL_IMM then I32_ADD_IMM -5, fused because the product is a temporary.
    expect(lower(1)).toEqual(['0: I32_MUL_ADD_IMM s1 s0 3 -5', '5: RETURN1_32 s1']);
  });

  it('fuses comparisons into conditional branches', () => {
    expect(lower(2)).toEqual([
      '0: BR_IF_I32_LT_S_IMM s0 10 @11',
      '4: BR_IF_I32_GT_U_IMM s0 7 @11',
      '8: BR_IF_EQZ s0 @11',
      '11: RETURN',
    ]);
  });

  it('branches to else on the negated comparison', () => {
    expect(lower(3)).toEqual([
      '0: BR_IF_I32_LE_S s0 s1 @9',
      '4: COPY32 s2 s0',
      '7: BR @12',
      '9: COPY32 s2 s1',
      '12: RETURN1_32 s2',
    ]);
  });

  it('keeps constant offsets in loads and stores', () => {
    expect(lower(4)).toEqual([
      '0: I32_LOAD s2 s0 4',
      '4: I32_STORE s0 s2 8',
      '8: I32_LOAD16_U s1 s0 2',
      '12: RETURN1_32 s1',
    ]);
  });

  it('reads a pending local.get into its slot before the local is written', () => {
    expect(lower(5)).toEqual(['0: COPY32 s2 s0', '3: COPY32 s0 s1', '6: I32_ADD s2 s2 s0', '10: RETURN1_32 s2']);
  });

  it('skips unreachable code up to the end of the block', () => {
    expect(lower(6)).toEqual(['0: CONST32 s0 1', '3: BR @5', '5: RETURN1_32 s0']);
  });

  it('zeroes declared locals and nulls reference locals', () => {
    expect(lower(7)).toEqual(['0: ZERO_LOCALS s1 5', '3: NULL_LOCALS s3 1', '6: NULL_LOCALS s4 1', '9: RETURN']);
  });

  it('charges a chain of blocks joined by fall-throughs at its head, elided operators included', () => {
    const fuel = { ...NO_METERING, fuel: fuelCostTable({}) };
    const f = compileFunction(info, bytes, 2, DEFAULT_FEATURES, fuel);
    // Three blocks of local.get, i32.const, i32.lt_s, br_if (4, 4, 3) and the label after them (0) form one
    // chain of 11. A taken br_if leaves through a stub that refunds the chain's rest (7, then 3) and charges the
    // label's rest (0); the last br_if skips nothing and jumps straight to the label.
    expect(disassemble(f.code)).toEqual([
      '0: FUEL 11',
      '2: BR_IF_I32_LT_S_IMM s0 10 @14',
      '6: BR_IF_I32_GT_U_IMM s0 7 @18',
      '10: BR_IF_EQZ s0 @13',
      '13: RETURN',
      '14: FUEL_EXIT -7 @13 7',
      '18: FUEL_EXIT -3 @13 3',
    ]);
    expect(Array.from(f.fuel!).filter((_, i) => i % 3 === 2)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(compileFunction(info, bytes, 2, DEFAULT_FEATURES).fuel).toBeUndefined();
  });

  it('checks epochs at function entry and charges each arm of an if', () => {
    const both = { ...NO_METERING, fuel: fuelCostTable({ 'i32.gt_s': 5 }), epochs: true };
    // The then arm (local.get = 1) is charged with the if's chain (8 + 1) and jumps to the end (in the else
    // arm's chain, with nothing left to charge there); the else edge refunds the then arm and charges the else
    // arm's chain (1 - 1), skipping its FUEL.
    expect(disassemble(compileFunction(info, bytes, 3, DEFAULT_FEATURES, both).code)).toEqual([
      '0: EPOCH',
      '1: FUEL 9',
      '3: BR_IF_I32_LE_S s0 s1 @21',
      '7: COPY32 s2 s0',
      '10: FUEL_EXIT 0 @19 0',
      '14: FUEL 1',
      '16: COPY32 s2 s1',
      '19: RETURN1_32 s2',
      '21: FUEL_EXIT 0 @16 1',
    ]);
  });

  it('records code positions of instructions that can trap', () => {
    const f = compileFunction(info, bytes, 4, DEFAULT_FEATURES);
    expect(Array.from(f.offsets).filter((_, i) => i % 2 === 0)).toEqual([0, 4, 8]);
    expect(f.frameSize).toBeGreaterThanOrEqual(3);
  });
});

describe('compiling as the validator walks (new Module)', () => {
  it('gives the same code as compiling each body alone, with and without metering', () => {
    const both = { ...NO_METERING, fuel: fuelCostTable({}), epochs: true };
    for (const metering of [NO_METERING, both]) {
      const sink = new ModuleCompiler(info, metering);
      validateModule(info, bytes, DEFAULT_FEATURES, sink);
      sink.release();
      expect(sink.code.length).toBe(info.bodies.length);
      sink.code.forEach((f, i) => {
        expect(f).toEqual(compileFunction(info, bytes, info.importedFuncs + i, DEFAULT_FEATURES, metering));
      });
    }
  });

  it('leaves the shared compiler usable after a body fails to validate', () => {
    // (func (result i32) i64.const 1): a type mismatch at the end.
    const bad = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 127, 3, 2, 1, 0, 10, 6, 1, 4, 0, 66, 1, 11]);
    const badInfo = decodeModule(bad, DEFAULT_FEATURES);
    const sink = new ModuleCompiler(badInfo);
    expect(() => validateModule(badInfo, bad, DEFAULT_FEATURES, sink)).toThrow('type mismatch');
    sink.release();
    expect(lower(0)).toEqual(['0: ZERO_LOCALS s2 1', '3: I32_ADD s2 s0 s1', '7: RETURN']);
  });
});
