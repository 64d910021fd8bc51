/**
 * The committed C programs (fixtures/*.c, built by fixtures/build.sh with clang + wasi-libc) run through the
 * public API, on the in-memory and on the real, sandboxed filesystem: `wasi_api` calls all 46 functions on
 * success and error paths (including escape attempts) and must print fixtures/wasi_api.expected; `files` must
 * print what its native build printed (fixtures/files.expected); `hello` is checked call by call against a golden
 * trace.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MemFs, NodeFs } from '@weft/wasi';
import { echoListener, fixture, runFixture } from './helpers.js';

const expected = (name: string) => readFileSync(fixture(name), 'utf8');
const temps: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'weft-wasi-'));
  temps.push(d);
  return d;
}
afterEach(() => {
  for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true });
});

function memRead(fs: MemFs, path: string): string {
  const f = fs.open(path, { read: true, write: false, create: false, exclusive: false, truncate: false });
  const buf = new Uint8Array(Number(f.stat().size));
  f.read(buf, 0);
  return new TextDecoder().decode(buf);
}

const apiArgs = { args: ['wasi_api', 'a', 'bé'], env: { X: '1' } };

describe('wasi_api.c: every function, success and error paths', () => {
  it('prints the expected transcript on a MemFs, and exits with proc_exit(7)', () => {
    const fs = new MemFs();
    const r = runFixture('wasi_api.wasm', { ...apiArgs, preopens: [{ fs, guest: '/sandbox' }], sockets: [echoListener()] });
    expect(r.stdout).toBe(expected('wasi_api.expected'));
    expect(r.code).toBe(7);
    // fd_renumber moved a file onto fd 1: the guest's writes went there, and the host stream was not closed.
    expect(memRead(fs, 'out.txt')).toBe('into the file\n');
    expect(fs.readdir('').map((e) => e.name).sort()).toEqual(['f.txt', 'out.txt']);
  });

  it('prints the same on a real directory, and nothing outside it changes', () => {
    const root = tempDir();
    const sandbox = join(root, 'sandbox');
    mkdirSync(sandbox);
    writeFileSync(join(root, 'f.txt'), 'outside');
    const r = runFixture('wasi_api.wasm', {
      ...apiArgs,
      preopens: [{ fs: new NodeFs(sandbox), guest: '/sandbox' }],
      sockets: [echoListener()],
    });
    expect(r.stdout).toBe(expected('wasi_api.expected'));
    expect(r.code).toBe(7);
    expect(readFileSync(join(sandbox, 'out.txt'), 'utf8')).toBe('into the file\n');
    expect(readdirSync(root).sort()).toEqual(['f.txt', 'sandbox']);
    expect(readFileSync(join(root, 'f.txt'), 'utf8')).toBe('outside');
    expect(readdirSync(sandbox).sort()).toEqual(['f.txt', 'out.txt']);
  });
});

describe('files.c: a first program behaves as its native build', () => {
  const stdin = readFileSync(fixture('files.stdin'), 'utf8');

  it('on a MemFs', () => {
    const r = runFixture('files.wasm', { args: ['files', 'sandbox'], stdin, preopens: [{ fs: new MemFs(), guest: 'sandbox' }] });
    expect(r.stdout).toBe(expected('files.expected'));
    expect(r.stderr).toBe('done\n');
    expect(r.code).toBe(0);
  });

  it('on a real directory', () => {
    const dir = tempDir();
    const r = runFixture('files.wasm', { args: ['files', 'sandbox'], stdin, preopens: [{ fs: new NodeFs(dir), guest: 'sandbox' }] });
    expect(r.stdout).toBe(expected('files.expected'));
    expect(readdirSync(dir)).toEqual([]);
  });

  it('in a read-only directory, cannot create files', () => {
    const r = runFixture('files.wasm', { args: ['files', 'sandbox'], preopens: [{ fs: new MemFs(), guest: 'sandbox', write: false }] });
    expect(r.stdout).toContain('fopen: E?'); // ENOTCAPABLE has no POSIX name
    expect(r.code).toBe(1);
  });
});

describe('hello.c', () => {
  it('sees its args and env, writes stdout and stderr, and exits 3', () => {
    const r = runFixture('hello.wasm', { args: ['hello', 'wörld'], env: { GREETING: 'hi' } });
    expect(r.stdout).toBe('argv[0]=hello\nargv[1]=wörld\nGREETING=hi\n');
    expect(r.stderr).toBe('to stderr\n');
    expect(r.code).toBe(3);
  });

  it('makes exactly the expected WASI calls (golden trace)', () => {
    const r = runFixture('hello.wasm', { args: ['hello'], trace: true });
    expect(r.trace.map((l) => l.replace(/=\d{4,}/g, '=<ptr>'))).toEqual([
      '==> args_sizes_get(argc=<ptr>,argv_buf_size=<ptr>)',
      '<== errno=ESUCCESS',
      '==> args_get(argv=<ptr>,argv_buf=<ptr>)',
      '<== errno=ESUCCESS',
      '==> fd_fdstat_get(fd=1,stat=<ptr>)',
      '<== errno=ESUCCESS',
      '==> fd_write(fd=1,iovs=<ptr>,iovs_len=2,nwritten=<ptr>)',
      '<== errno=ESUCCESS',
      '==> environ_sizes_get(environc=<ptr>,environ_buf_size=<ptr>)',
      '<== errno=ESUCCESS',
      '==> fd_write(fd=2,iovs=<ptr>,iovs_len=2,nwritten=<ptr>)',
      '<== errno=ESUCCESS',
      '==> fd_write(fd=1,iovs=<ptr>,iovs_len=2,nwritten=<ptr>)',
      '<== errno=ESUCCESS',
      '==> proc_exit(rval=3)',
      '<== ExitError: exited with code 3',
    ]);
  });
});

describe('the real filesystem is a sandbox', () => {
  it('does not follow host symlinks that point outside, nor guest-made ones', () => {
    const root = tempDir();
    const sandbox = join(root, 'sandbox');
    mkdirSync(sandbox);
    writeFileSync(join(root, 'secret'), 'secret');
    symlinkSync(join(root, 'secret'), join(sandbox, 'abs-link'));
    symlinkSync('../secret', join(sandbox, 'rel-link'));
    symlinkSync(root, join(sandbox, 'dir-link'));
    const fs = new NodeFs(sandbox);
    const r = runFixture('files.wasm', { args: ['files', 'sandbox'], preopens: [{ fs, guest: 'sandbox' }] });
    // files.c lists the sandbox: the links are shown as links, never followed out.
    expect(r.stdout).toContain('list sandbox: . .. abs-link@ dir-link@ rel-link@ sub/');
    expect(existsSync(join(root, 'out.txt'))).toBe(false);
  });
});
