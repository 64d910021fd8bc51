/**
 * Tests of `weft run` in process (guest stdio captured): commands and their exit codes, arguments, environment,
 * preopened directories, reactors with --invoke, traps (message, backtrace, status 134) and usage errors; and
 * through the built `dist/bin.js` (when present), with the process's real stdin and stdout. The programs are
 * @weft/wasi's committed C fixtures.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '@weft/engine';
import { captureStream, inputStream } from '@weft/wasi';
import { main } from '../main.js';
import { EXIT_TRAP, parseDuration, runWasm } from './run.js';
import { UsageError } from './command.js';

const fixtures = fileURLToPath(new URL('../../../wasi/test/fixtures/', import.meta.url));
const wasm = (name: string) => join(fixtures, name);

async function run(argv: string[], stdin = '') {
  const out: string[] = [];
  const err: string[] = [];
  const stdout = captureStream();
  const stderr = captureStream();
  const io = { out: (l: string) => out.push(l), err: (l: string) => err.push(l) };
  const status = await runWasm(argv, io, { stdin: inputStream(stdin), stdout, stderr });
  return { status, out, err: err.join('\n'), stdout: stdout.text(), stderr: stderr.text() };
}

const temps: string[] = [];
afterEach(() => {
  for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('weft run: commands', () => {
  it('passes FILE and ARGS as argv, sets --env, and exits with the program’s code', async () => {
    const file = wasm('hello.wasm');
    const r = await run(['--env', 'GREETING=hey', file, 'one', '--two']);
    expect(r.stdout).toBe(`argv[0]=${file}\nargv[1]=one\nargv[2]=--two\nGREETING=hey\n`);
    expect(r.stderr).toBe('to stderr\n');
    expect(r.status).toBe(3);
  });

  it('inherits one host variable with --env NAME, and nothing otherwise', async () => {
    process.env.GREETING = 'from host';
    try {
      expect((await run(['--env', 'GREETING', wasm('hello.wasm')])).stdout).toContain('GREETING=from host\n');
      expect((await run([wasm('hello.wasm')])).stdout).toContain('GREETING=(unset)\n');
    } finally {
      delete process.env.GREETING;
    }
  });

  it('gives the program a host directory with --dir HOST::GUEST, as its native build sees it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'weft-run-'));
    temps.push(dir);
    const stdin = readFileSync(join(fixtures, 'files.stdin'), 'utf8');
    const r = await run([`--dir=${dir}::sandbox`, wasm('files.wasm'), 'sandbox'], stdin);
    expect(r.stdout).toBe(readFileSync(join(fixtures, 'files.expected'), 'utf8'));
    expect(r.status).toBe(0);
  });

  it('runs a precompiled artifact as it runs the module', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'weft-run-'));
    temps.push(dir);
    const artifact = join(dir, 'hello.cwasm');
    writeFileSync(artifact, new Engine().precompileModule(readFileSync(wasm('hello.wasm'))));
    const refused = await run([artifact, 'x']);
    expect(refused.status).toBe(1);
    expect(refused.err).toMatch(/requires the `--allow-precompiled` flag/);
    const r = await run(['--allow-precompiled', artifact, 'x']);
    expect(r).toMatchObject({ status: 3, stdout: `argv[0]=${artifact}\nargv[1]=x\nGREETING=(unset)\n` });
    writeFileSync(artifact, readFileSync(artifact).subarray(0, 100));
    const bad = await run(['--allow-precompiled', artifact]);
    expect(bad.status).toBe(1);
    expect(bad.err).toMatch(/^Error: failed to (load|compile)/);
  });

  it('without --dir, the program sees no files', async () => {
    const r = await run([wasm('files.wasm'), 'sandbox']);
    expect(r.stdout).toContain('fopen: E?'); // wasi-libc: ENOTCAPABLE, no preopen matches
    expect(r.status).toBe(1);
  });
});

describe('weft run: traps', () => {
  it('prints the trap and its wasm backtrace to stderr and exits 134', async () => {
    const r = await run([wasm('trap.wasm')]);
    expect(r.stdout).toBe('about to trap\n');
    expect(r.status).toBe(EXIT_TRAP);
    expect(r.err).toMatch(/^Error: failed to run main module `.*trap\.wasm`\n\nCaused by:\n {4}integer divide by zero\n/);
    expect(r.err).toMatch(/wasm backtrace:/);
    expect(r.err).toMatch(/divide/);
    expect(r.err).toMatch(/middle/);
  });
});

describe('weft run: fuel and timeouts', () => {
  it('runs with enough fuel, and traps when it runs out', async () => {
    const enough = await run(['--fuel', '10000000', wasm('hello.wasm')]);
    expect(enough).toMatchObject({ status: 3, stderr: 'to stderr\n' });
    const starved = await run(['--fuel=1000', wasm('hello.wasm')]);
    expect(starved.status).toBe(EXIT_TRAP);
    expect(starved.err).toMatch(/all fuel consumed by WebAssembly/);
    expect(starved.stdout).toBe('');
  });

  it('interrupts a program that runs past --timeout', async () => {
    const start = Date.now();
    const r = await run(['--timeout', '200ms', wasm('spin.wasm')]);
    expect(r.status).toBe(EXIT_TRAP);
    expect(r.err).toMatch(/interrupt/);
    expect(Date.now() - start).toBeLessThan(10_000);
    expect((await run(['--timeout', '60s', wasm('hello.wasm')])).status).toBe(3);
  });
});

describe('weft run: reactors', () => {
  it('initialises the reactor and prints what --invoke returns', async () => {
    expect((await run(['--invoke', 'add', wasm('reactor.wasm'), '2', '40'])).out).toEqual(['42']);
    expect((await run(['--invoke', 'add', wasm('reactor.wasm'), '-1', '0x10'])).out).toEqual(['15']);
    expect((await run(['--invoke=add64', wasm('reactor.wasm'), '9007199254740993', '1'])).out).toEqual(['9007199254740994']);
    const greet = await run(['--env', 'WHO=weft', '--invoke', 'greet', wasm('reactor.wasm')]);
    expect(greet).toMatchObject({ status: 0, out: [], stdout: 'hello, weft\n' });
  });

  it('reports a missing export (status 1) and bad arguments (usage errors)', async () => {
    const r = await run(['--invoke', 'nope', wasm('reactor.wasm')]);
    expect(r.status).toBe(1);
    expect(r.err).toMatch(/failed to find export of `nope`/);
    await expect(run(['--invoke', 'add', wasm('reactor.wasm'), '1'])).rejects.toThrow(/takes 2 arguments, got 1/);
    await expect(run(['--invoke', 'add', wasm('reactor.wasm'), '1', 'x'])).rejects.toThrow(/cannot parse 'x' as i32/);
  });
});

describe('weft run: usage', () => {
  it.each([
    [[], /no FILE given/],
    [['--bogus', 'x.wasm'], /unknown option --bogus/],
    [['--dir'], /--dir needs a value/],
    [['--fuel', '-1', 'x.wasm'], /--fuel -1: expected a whole number/],
    [['--timeout', 'soon', 'x.wasm'], /--timeout soon: expected a duration/],
    [['--timeout=0s', 'x.wasm'], /expected a duration/],
  ])('rejects %j', async (argv, message) => {
    await expect(run(argv)).rejects.toThrow(UsageError);
    await expect(run(argv)).rejects.toThrow(message);
  });

  it('exits 2 on bad usage through main, 1 on a missing file or directory', async () => {
    const err: string[] = [];
    const io = { out: () => {}, err: (l: string) => err.push(l) };
    expect(await main(['run', '--bogus'], io)).toBe(2);
    expect(err.join('\n')).toMatch(/see: weft run --help/);
    expect(await main(['run', '/no/such.wasm'], io)).toBe(1);
    expect(await main(['run', '--dir', '/no/such/dir', wasm('hello.wasm')], io)).toBe(1);
  });

  it('parses durations', () => {
    expect([parseDuration('250ms'), parseDuration('2s'), parseDuration('1.5m'), parseDuration('3')]).toEqual([250, 2000, 90_000, 3000]);
  });

  it('has help, listed in weft --help', async () => {
    const out: string[] = [];
    const io = { out: (l: string) => out.push(l), err: () => {} };
    expect(await main(['run', '--help'], io)).toBe(0);
    expect(out.join('\n')).toMatch(/--dir HOST\[::GUEST\]/);
    expect(out.join('\n')).toMatch(/--fuel N/);
    out.length = 0;
    await main(['--help'], io);
    expect(out.join('\n')).toMatch(/^ {2}run {2}/m);
  });
});

describe('weft run: the built command', () => {
  const bin = fileURLToPath(new URL('../../dist/bin.js', import.meta.url));
  const built = existsSync(bin) && readFileSync(bin, 'utf8').includes('failed to run main module');

  it.skipIf(!built)('reads the real stdin, writes the real stdout, and exits with the guest’s status', () => {
    const dir = mkdtempSync(join(tmpdir(), 'weft-run-'));
    temps.push(dir);
    const input = readFileSync(join(fixtures, 'files.stdin'));
    const r = spawnSync(process.execPath, [bin, 'run', '--dir', `${dir}::sandbox`, wasm('files.wasm'), 'sandbox'], { input, encoding: 'utf8' });
    expect(r.stdout).toBe(readFileSync(join(fixtures, 'files.expected'), 'utf8'));
    expect(r.stderr).toBe('done\n');
    expect(r.status).toBe(0);
    const trap = spawnSync(process.execPath, [bin, 'run', wasm('trap.wasm')], { encoding: 'utf8' });
    expect(trap.status).toBe(EXIT_TRAP);
    expect(trap.stdout).toBe('about to trap\n');
    expect(trap.stderr).toMatch(/integer divide by zero/);
  });
});
