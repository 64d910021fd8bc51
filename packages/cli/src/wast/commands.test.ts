/** Tests of trap-message matching and error descriptions used in failure messages. */
import { describe, expect, it } from 'vitest';
import { Trap, TrapCode } from '@weft/engine';
import { describeError, trapMatches } from './commands.js';

describe('trapMatches', () => {
  it('matches the script text as a prefix of the reason', () => {
    const trap = new Trap(TrapCode.IndirectCallToNull);
    expect(trapMatches(trap, 'uninitialized element')).toBe(true);
    expect(trapMatches(trap, 'uninitialized')).toBe(true);
    expect(trapMatches(trap, 'undefined element')).toBe(false);
  });
  it('accepts the reference interpreter\'s "uninitialized element 2"', () => {
    expect(trapMatches(new Trap(TrapCode.IndirectCallToNull), 'uninitialized element 2')).toBe(true);
    expect(trapMatches(new Trap(TrapCode.UnreachableCodeReached), 'uninitialized element 2')).toBe(false);
  });
});

describe('describeError', () => {
  it('names traps by reason and other errors by class', () => {
    expect(describeError(new Trap(TrapCode.IntegerDivisionByZero))).toBe('trap: integer divide by zero');
    expect(describeError(new TypeError('x is not a function'))).toBe('TypeError: x is not a function');
    expect(describeError('boom')).toBe('thrown non-error: boom');
  });
});
