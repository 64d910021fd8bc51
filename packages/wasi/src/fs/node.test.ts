/** NodeFs on a temporary directory: I/O, O_NOFOLLOW opens, errno mapping, sorted listings, exact nanosecond times. */
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Filetype } from '../constants.js';
import { Errno } from '../errno.js';
import { NodeFs } from './node.js';
import { RW, errno } from './testing.js';

describe('NodeFs', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'weft-nodefs-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('does file I/O at absolute positions, with nanosecond times', () => {
    const fs = new NodeFs(dir);
    const f = fs.open('a.txt', { ...RW, create: true });
    f.write(new TextEncoder().encode('hello'), 0);
    f.write(new TextEncoder().encode('J'), 0);
    f.setSize(4);
    expect(readFileSync(join(dir, 'a.txt'), 'utf8')).toBe('Jell');
    f.setTimes(1_000_000_000_000_000_000n, undefined);
    expect(f.stat()).toMatchObject({ filetype: Filetype.REGULAR_FILE, size: 4n, atim: 1_000_000_000_000_000_000n });
    f.close();
    f.close();
  });

  it('never follows a symbolic link when opening, and maps errors to errnos', () => {
    writeFileSync(join(dir, 'outside'), 'x');
    symlinkSync('/etc/passwd', join(dir, 'link'));
    const fs = new NodeFs(dir);
    expect(fs.lstat('link').filetype).toBe(Filetype.SYMBOLIC_LINK);
    expect(fs.readlink('link')).toBe('/etc/passwd');
    expect(errno(() => fs.open('link', RW))).toBe(Errno.LOOP);
    expect(errno(() => fs.open('missing', RW))).toBe(Errno.NOENT);
    expect(errno(() => fs.open('outside', { ...RW, create: true, exclusive: true }))).toBe(Errno.EXIST);
    fs.mkdir('d');
    expect(errno(() => fs.open('d', RW))).toBe(Errno.ISDIR);
    expect(errno(() => fs.mkdir('d'))).toBe(Errno.EXIST);
    expect(errno(() => fs.unlink('d'))).toBe(Errno.ISDIR);
    expect(errno(() => fs.readlink('d'))).toBe(Errno.INVAL);
    fs.open('d/x', { ...RW, create: true }).close();
    expect(errno(() => fs.rmdir('d'))).toBe(Errno.NOTEMPTY);
    expect(fs.readdir('').map((e) => [e.name, e.filetype])).toEqual([
      ['d', Filetype.DIRECTORY],
      ['link', Filetype.SYMBOLIC_LINK],
      ['outside', Filetype.REGULAR_FILE],
    ]);
  });

  it('reads back exactly the nanoseconds it set, through paths and fds, on files and links', () => {
    const fs = new NodeFs(dir);
    const f = fs.open('t', { ...RW, create: true });
    const mtim = f.stat().mtim - 123n;
    fs.setTimes('t', undefined, mtim);
    expect(fs.lstat('t').mtim).toBe(mtim);
    expect(f.stat().mtim).toBe(mtim);
    f.setTimes(1_700_000_000_123_456_789n, undefined);
    expect(f.stat()).toMatchObject({ atim: 1_700_000_000_123_456_789n, mtim });
    fs.symlink('t', 'l');
    const lm = fs.lstat('l').mtim - 200n;
    fs.setTimes('l', undefined, lm);
    expect(fs.lstat('l').mtim).toBe(lm);
    expect(fs.lstat('t').mtim).toBe(mtim);
  });

  it('refuses a root that is not a directory', () => {
    writeFileSync(join(dir, 'f'), '');
    expect(() => new NodeFs(join(dir, 'f'))).toThrow(/not a directory/);
  });
});
