/** The sandboxing resolver on a MemFs full of links: paths inside resolve, every escape answers ENOTCAPABLE. */
import { describe, expect, it } from 'vitest';
import { Errno } from '../errno.js';
import { MemFs } from './mem.js';
import { resolvePath } from './resolve.js';
import { errno } from './testing.js';

function fsWithLinks(): MemFs {
  const fs = new MemFs({ a: { b: { 'f.txt': 'f' } }, top: 'top' });
  fs.symlink('a/b', 'to-b');
  fs.symlink('../..', 'a/b/up2');
  fs.symlink('..', 'a/up1');
  fs.symlink('/etc', 'abs');
  fs.symlink('loop2', 'loop1');
  fs.symlink('loop1', 'loop2');
  fs.symlink('f.txt', 'a/b/rel');
  fs.symlink('', 'empty');
  return fs;
}

describe('resolvePath: the sandbox', () => {
  const fs = fsWithLinks();
  const r = (base: string, path: string, follow = true) => resolvePath(fs, base, path, follow).path;

  it('resolves plain, dotted and symlinked paths inside the directory', () => {
    expect(r('', 'a/b/f.txt')).toBe('a/b/f.txt');
    expect(r('', './a//b/./f.txt')).toBe('a/b/f.txt');
    expect(r('', 'a/b/../b/f.txt')).toBe('a/b/f.txt');
    expect(r('', 'to-b/f.txt')).toBe('a/b/f.txt');
    expect(r('', 'a/b/rel')).toBe('a/b/f.txt');
    expect(r('', 'a/b/up2/top')).toBe('top');
    expect(r('', 'a/up1/top')).toBe('top');
    expect(r('a', 'b/f.txt')).toBe('a/b/f.txt');
  });

  it('does not follow a final link without symlink_follow, but does with a trailing slash', () => {
    expect(r('', 'to-b', false)).toBe('to-b');
    expect(r('', 'to-b', true)).toBe('a/b');
    expect(r('', 'to-b/', false)).toBe('a/b');
  });

  it('marks the base itself and trailing slashes', () => {
    expect(resolvePath(fs, 'a', '.', true)).toEqual({ path: 'a', isBase: true, trailingSlash: false });
    expect(resolvePath(fs, '', 'a/..', true)).toMatchObject({ path: '', isBase: true });
    expect(resolvePath(fs, '', 'a/', true)).toMatchObject({ path: 'a', trailingSlash: true });
  });

  it('lets the last component be missing (for creating), but not a directory on the way', () => {
    expect(r('', 'a/new')).toBe('a/new');
    expect(errno(() => r('', 'nope/new'))).toBe(Errno.NOENT);
    expect(errno(() => r('', 'top/x'))).toBe(Errno.NOTDIR);
    expect(errno(() => r('', 'top/'))).toBe(Errno.NOTDIR);
    expect(errno(() => r('', 'top/.', false))).toBe(Errno.NOTDIR);
    expect(errno(() => r('', 'top///', false))).toBe(Errno.NOTDIR);
    expect(r('', 'a/b/.', false)).toBe('a/b');
  });

  it.each([
    ['..', ''],
    ['../a', ''],
    ['a/../..', ''],
    ['/etc/passwd', ''],
    ['/', ''],
    ['abs', ''],
    ['abs/passwd', ''],
    ['a/b/up2/..', ''],
    ['../f.txt', 'a/b'],
    ['up2/top', 'a/b'],
    ['to-b/up2/../..', ''],
  ])('refuses the escape %j from %j with ENOTCAPABLE', (path, base) => {
    expect(errno(() => resolvePath(fs, base, path, true))).toBe(Errno.NOTCAPABLE);
  });

  it('answers ELOOP for link loops, ENOENT for empty paths and links, EINVAL for NUL', () => {
    expect(errno(() => r('', 'loop1'))).toBe(Errno.LOOP);
    expect(r('', 'loop1', false)).toBe('loop1');
    expect(errno(() => r('', ''))).toBe(Errno.NOENT);
    expect(errno(() => r('', 'empty'))).toBe(Errno.NOENT);
    expect(errno(() => r('', 'a\0b'))).toBe(Errno.INVAL);
  });
});
