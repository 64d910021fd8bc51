/** Tests of the report's fixed wording: file lines, totals, verbose details. */
import { describe, expect, it } from 'vitest';
import type { FileResult } from './outcome.js';
import { formatCounts, formatDetails, formatFileLine } from './report.js';

const result: FileResult = {
  file: 'core/i32/i32.json',
  passed: 3,
  failed: 1,
  skipped: 7,
  failures: [{ line: 12, command: 'assert_return', message: 'add: expected [i32:3], got [i32:2]' }],
  notes: [{ line: 20, command: 'assert_invalid', message: 'm.wasm: expected "type mismatch", got "x"' }],
  skips: [1, 2, 3, 4, 5, 6].map((line) => ({ line, command: 'assert_malformed', reason: 'text-format module' })).concat([
    { line: 9, command: 'assert_return', reason: 'v128' },
  ]),
  durationMs: 1,
};

describe('report', () => {
  it('prints the file line and the totals in the fixed wording', () => {
    expect(formatFileLine(result)).toBe('core/i32/i32.json: 3 passed, 1 failed, 7 skipped');
    expect(formatCounts({ passed: 0, failed: 0, skipped: 0 })).toBe('0 passed, 0 failed, 0 skipped');
  });
  it('details failures and notes with line numbers, and tallies skips', () => {
    expect(formatDetails(result)).toEqual([
      '  line 12: assert_return failed: add: expected [i32:3], got [i32:2]',
      '  line 20: assert_invalid passed (wording): m.wasm: expected "type mismatch", got "x"',
      '  skipped 6: text-format module (lines 1, 2, 3, 4, 5, ...)',
      '  skipped 1: v128 (lines 9)',
    ]);
  });
});
