/** MemFs against POSIX semantics: I/O at positions, exclusive create, rename rules, links, unlink-while-open, times. */
import { describe, expect, it } from 'vitest';
import { Filetype } from '../constants.js';
import { Errno } from '../errno.js';
import { MemFs } from './mem.js';
import { RW, errno } from './testing.js';

const text = (b: Uint8Array) => new TextDecoder().decode(b);

describe('MemFs', () => {
  it('builds from a tree and stats with a deterministic clock', () => {
    let t = 100n;
    const fs = new MemFs({ d: { 'x.txt': 'xyz' } }, { now: () => t++ });
    const st = fs.lstat('d/x.txt');
    expect(st).toMatchObject({ filetype: Filetype.REGULAR_FILE, size: 3n, nlink: 1n });
    expect(st.mtim).toBeGreaterThanOrEqual(100n);
    expect(fs.lstat('d').filetype).toBe(Filetype.DIRECTORY);
    expect(fs.readdir('d')).toEqual([{ name: 'x.txt', filetype: Filetype.REGULAR_FILE, ino: st.ino }]);
  });

  it('reads, writes past the end (zero-filled), truncates and extends', () => {
    const fs = new MemFs({ f: 'abc' });
    const f = fs.open('f', RW);
    expect(f.write(new TextEncoder().encode('Z'), 5)).toBe(1);
    const buf = new Uint8Array(10);
    expect(f.read(buf, 0)).toBe(6);
    expect([...buf.subarray(0, 6)]).toEqual([97, 98, 99, 0, 0, 90]);
    f.setSize(2);
    f.setSize(4);
    expect(f.read(buf, 0)).toBe(4);
    expect([...buf.subarray(0, 4)]).toEqual([97, 98, 0, 0]);
    expect(f.read(buf, 10)).toBe(0);
    const g = fs.open('f', { ...RW, truncate: true });
    expect(g.stat().size).toBe(0n);
  });

  it('creates exclusively, and refuses to open directories and links as files', () => {
    const fs = new MemFs({ d: {} });
    fs.symlink('d', 'l');
    expect(errno(() => fs.open('new', RW))).toBe(Errno.NOENT);
    fs.open('new', { ...RW, create: true, exclusive: true });
    expect(errno(() => fs.open('new', { ...RW, create: true, exclusive: true }))).toBe(Errno.EXIST);
    expect(errno(() => fs.open('d', RW))).toBe(Errno.ISDIR);
    expect(errno(() => fs.open('l', RW))).toBe(Errno.LOOP);
  });

  it('renames as POSIX does', () => {
    const fs = new MemFs({ a: { x: '1' }, b: { y: '2' }, e: {}, f: 'f' });
    expect(errno(() => fs.rename('a', 'b'))).toBe(Errno.NOTEMPTY);
    expect(errno(() => fs.rename('a', 'a/sub'))).toBe(Errno.INVAL);
    expect(errno(() => fs.rename('f', 'e'))).toBe(Errno.ISDIR);
    expect(errno(() => fs.rename('e', 'f'))).toBe(Errno.NOTDIR);
    fs.rename('a', 'e');
    expect(fs.readdir('e').map((x) => x.name)).toEqual(['x']);
    fs.rename('b/y', 'f');
    const buf = new Uint8Array(1);
    fs.open('f', RW).read(buf, 0);
    expect(text(buf)).toBe('2');
  });

  it('keeps an unlinked open file readable, counts hard links, removes only empty directories', () => {
    const fs = new MemFs({ f: 'data', d: { inner: 'i' } });
    fs.link('f', 'g');
    expect(fs.lstat('g').nlink).toBe(2n);
    expect(errno(() => fs.link('d', 'd2'))).toBe(Errno.PERM);
    const open = fs.open('f', RW);
    fs.unlink('f');
    fs.unlink('g');
    const buf = new Uint8Array(4);
    expect(open.read(buf, 0)).toBe(4);
    expect(errno(() => fs.lstat('f'))).toBe(Errno.NOENT);
    expect(errno(() => fs.rmdir('d'))).toBe(Errno.NOTEMPTY);
    expect(errno(() => fs.unlink('d'))).toBe(Errno.ISDIR);
    fs.unlink('d/inner');
    fs.rmdir('d');
    expect(fs.readdir('')).toEqual([]);
  });

  it('sets times, keeping unset ones', () => {
    const fs = new MemFs({ f: '' }, { now: () => 7n });
    fs.setTimes('f', 1n, undefined);
    expect(fs.lstat('f')).toMatchObject({ atim: 1n, mtim: 7n });
    fs.setTimes('f', undefined, 'now');
    expect(fs.lstat('f')).toMatchObject({ atim: 1n, mtim: 7n });
  });
});
