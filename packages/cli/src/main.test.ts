/**
 * Tests of the weft command through `main(argv)`: global flags, dispatch, usage errors, report format and exit
 * status; and of the built `dist/bin.js` when present.
 */
import { existsSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from './main.js';
import { VERSION } from './version.js';

const fixtures = fileURLToPath(new URL('../fixtures/wast/', import.meta.url));

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const status = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { status, out: out.join('\n').split('\n'), err: err.join('\n') };
}

describe('weft', () => {
  it('prints its version, equal to the package version', async () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(VERSION).toBe(pkg.version);
    expect(await run('--version')).toMatchObject({ status: 0, out: [`weft ${VERSION}`] });
  });

  it('lists the subcommands in --help, and exits 2 without a command', async () => {
    const help = await run('--help');
    expect(help.status).toBe(0);
    expect(help.out.some((l) => /^ {2}wast {2}/.test(l))).toBe(true);
    expect((await run()).status).toBe(2);
  });

  it('rejects an unknown command with status 2', async () => {
    const r = await run('frobnicate');
    expect(r.status).toBe(2);
    expect(r.err).toMatch(/unknown command 'frobnicate'/);
  });
});

describe('weft wast', () => {
  it('documents --features and --verbose', async () => {
    const r = await run('wast', '--help');
    expect(r.status).toBe(0);
    const text = r.out.join('\n');
    expect(text).toMatch(/--features LIST[\s\S]*bulk-memory/);
    expect(text).toMatch(/-v, --verbose/);
  });

  it.each([
    [[], /no PATH given/],
    [['--bogus', fixtures], /Unknown option '--bogus'/],
    [['/no/such/path.json'], /no such file or folder/],
    [[`${fixtures}odd.wat`], /is a module, not a script/],
    [['--features=threads', fixtures], /unknown feature 'threads'/],
    [['--features=simd', fixtures], /wasmSimd is not supported yet/],
  ])('exits 2 on bad usage: %j', async (args, message) => {
    const r = await run('wast', ...args);
    expect(r.status).toBe(2);
    expect(r.err).toMatch(message);
  });

  it('prints one line per file and the totals last, exit 0 when all passed', async () => {
    const r = await run('wast', `${fixtures}pass`);
    const counts = '23 passed, 0 failed, 0 skipped';
    expect(r.out).toEqual([`${fixtures}pass/pass.json: ${counts}`, counts]);
    expect(r.status).toBe(0);
  });

  it('exits 1 when something failed, with details under --verbose', async () => {
    const quiet = await run('wast', fixtures);
    expect(quiet.status).toBe(1);
    expect(quiet.out).toHaveLength(4);
    expect(quiet.out.at(-1)).toMatch(/^\d+ passed, 11 failed, 4 skipped$/);
    const loud = await run('wast', '-v', `${fixtures}fail/fail.json`);
    expect(loud.status).toBe(1);
    expect(loud.out).toContain('  line 6: assert_return failed: add: expected [i32:3], got [i32:2]');
    expect(loud.out.at(-1)).toBe('2 passed, 5 failed, 0 skipped');
  });

  const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
  it.skipIf(!existsSync(bin))('runs as the built dist/bin.js with the same exit status', () => {
    const r = spawnSync(process.execPath, [bin, 'wast', `${fixtures}fail`], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('2 passed, 5 failed, 0 skipped');
  });
});
