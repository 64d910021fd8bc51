/**
 * The text `weft wast` prints: one line per file, with `--verbose` the failures, wording notes and a tally of
 * skip reasons under it (with script line numbers), and as the last line the totals
 * `<P> passed, <F> failed, <S> skipped`.
 */
import type { FileResult } from './outcome.js';

/** `passed, failed, skipped` counts in the fixed wording. */
export function formatCounts(r: { passed: number; failed: number; skipped: number }): string {
  return `${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped`;
}

/** `<file>: <p> passed, <f> failed, <s> skipped` */
export function formatFileLine(r: FileResult): string {
  return `${r.file}: ${formatCounts(r)}`;
}

/** The `--verbose` details of a file, one indented line each (empty when there is nothing to say). */
export function formatDetails(r: FileResult): string[] {
  const lines = r.failures.map((f) => `  line ${f.line}: ${f.command} failed: ${f.message}`);
  for (const n of r.notes) lines.push(`  line ${n.line}: ${n.command} passed (wording): ${n.message}`);
  const reasons = new Map<string, number[]>();
  for (const s of r.skips) {
    const at = reasons.get(s.reason);
    if (at) at.push(s.line);
    else reasons.set(s.reason, [s.line]);
  }
  for (const [reason, at] of reasons) {
    const shown = at.slice(0, 5).join(', ') + (at.length > 5 ? ', ...' : '');
    lines.push(`  skipped ${at.length}: ${reason} (lines ${shown})`);
  }
  return lines;
}
