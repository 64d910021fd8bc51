/**
 * Tests of the runner on the fixtures in `packages/cli/fixtures/wast` (built by its `build.sh`): counts, failure
 * lines, skips, and robustness against broken commands and files.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findScripts, runWastFile, runWastJson } from './run.js';

const fixtures = fileURLToPath(new URL('../../fixtures/wast/', import.meta.url));
const fixture = (name: string) => join(fixtures, name, `${name}.json`);
const lines = (xs: { line: number }[]) => xs.map((x) => x.line);

describe('runWastFile', () => {
  it('passes every command kind on pass.wast, the text module through wat2wasm', () => {
    const r = runWastFile(fixture('pass'));
    expect(r.failures).toEqual([]);
    expect({ passed: r.passed, failed: r.failed, skipped: r.skipped }).toEqual({ passed: 23, failed: 0, skipped: 0 });
  });

  it('runs the .wast script itself with the same results as its wast2json conversion', () => {
    for (const name of ['pass', 'fail']) {
      const fromJson = runWastFile(fixture(name));
      const fromWast = runWastFile(join(fixtures, `${name}.wast`));
      expect({ ...fromWast, file: '', durationMs: 0 }).toEqual({ ...fromJson, file: '', durationMs: 0 });
    }
  });

  it('reports each failing command of fail.wast with its line', () => {
    const r = runWastFile(fixture('fail'));
    expect({ passed: r.passed, failed: r.failed, skipped: r.skipped }).toEqual({ passed: 2, failed: 5, skipped: 0 });
    expect(lines(r.failures)).toEqual([6, 7, 8, 9, 10]);
    expect(r.failures[0]!.message).toBe('add: expected [i32:3], got [i32:2]');
    expect(r.failures[1]!.message).toBe('add: expected trap "unreachable", returned [i32:2]');
    expect(r.failures[2]!.message).toMatch(/module compiled, expected CompileError "type mismatch"/);
    expect(r.failures[3]!.message).toMatch(/LinkError/);
    expect(r.failures[4]!.message).toMatch(/no module \$Broken: the module command at line 9 failed/);
  });

  it('skips what it cannot run and fails, never crashes, on broken commands', () => {
    const r = runWastFile(fixture('odd'));
    expect(lines(r.skips)).toEqual([3, 4, 5, 6]);
    expect(lines(r.failures)).toEqual([7, 8, 10, 11, 12, 13]);
    expect(r.passed).toBe(3);
    expect(r.failures.find((f) => f.line === 12)!.message).toMatch(/no-such-file\.wasm.*ENOENT/);
  });

  it('counts an unreadable command file as one failure', () => {
    const dir = mkdtempSync(join(tmpdir(), 'weft-wast-'));
    writeFileSync(join(dir, 'bad.json'), '{"not": "commands"}');
    const r = runWastFile(join(dir, 'bad.json'));
    expect(r.failed).toBe(1);
    expect(r.failures[0]!.message).toMatch(/not a wast2json command file/);
  });
});

describe('runWastJson', () => {
  it('searches folders recursively and adds up the files', () => {
    expect(findScripts(fixtures).map((f) => f.slice(fixtures.length))).toEqual([
      'fail/fail.json',
      'odd/odd.json',
      'pass/pass.json',
    ]);
    const seen: string[] = [];
    const run = runWastJson([fixtures], { onFile: (r) => seen.push(r.file) });
    expect(seen).toEqual(findScripts(fixtures));
    expect(run.passed).toBe(run.files.reduce((n, f) => n + f.passed, 0));
    expect({ failed: run.failed, skipped: run.skipped }).toEqual({ failed: 11, skipped: 4 });
  });
});
