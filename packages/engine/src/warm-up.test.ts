/**
 * The executor warm-up: its generated body lists every instruction except the ones it must leave out, and runs
 * through the real executor without trapping (so a new instruction whose warm-up operands trap is noticed here,
 * not silently skipped by the best-effort warm-up).
 */
import { describe, expect, it } from 'vitest';
import { disassemble } from './compile/disasm.js';
import { ISA } from './compile/isa.js';
import { runWarmUp, warmUpCode } from './warm-up.js';

describe('executor warm-up', () => {
  it('generates every instruction but traps, returns, growth, table or segment changes and metering', () => {
    const seen = new Set(disassemble(warmUpCode()).map((line) => line.split(' ')[1]));
    const missing = ISA.map(([name]) => name).filter((name) => !seen.has(name));
    expect(missing.sort()).toEqual(
      ISA.map(([name]) => name)
        .filter((n) => /^(UNREACHABLE|RETURN1_\w+|MEMORY_(GROW|INIT)|DATA_DROP|ELEM_DROP|TABLE_\w+|FUEL\w*|EPOCH)$/.test(n))
        .sort(),
    );
  });

  it('runs the body through the executor without trapping', () => {
    expect(() => runWarmUp()).not.toThrow();
  });
});
