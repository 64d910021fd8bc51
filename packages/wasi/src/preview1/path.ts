/**
 * The `path_*` functions: every guest path goes through the sandboxing resolver (fs/resolve.ts) relative to a
 * directory fd, which bounds it; the directory's rights say what may be done there, and a new fd's rights are
 * the ones asked for, limited by the directory's inheriting rights. Spec:
 * https://github.com/WebAssembly/WASI/blob/main/legacy/preview1/docs.md#path_create_directory
 */
import { DIR_RIGHTS, FILE_RIGHTS, FdFlags, Filetype, LookupFlags, OFlags, Rights } from '../constants.js';
import { Errno, ErrnoError, fail } from '../errno.js';
import type { Filestat } from '../fs/filesystem.js';
import { resolvePath, type Resolved } from '../fs/resolve.js';
import { encodeUtf8, type GuestMemory } from '../memory.js';
import type { DirDesc } from '../fd-table.js';
import type { WasiCtx } from '../ctx.js';
import { timeSpecs, writeFilestat } from './common.js';
import { wasi } from './define.js';

/** The directory fd `fd` with `rights`, and the guest path at `[ptr, ptr + len)` resolved in it. */
function at(ctx: WasiCtx, mem: GuestMemory, fd: number, rights: bigint, ptr: number, len: number, follow: boolean): [DirDesc, Resolved, string] {
  const dir = ctx.fds.dir(fd, rights);
  const path = mem.string(ptr, len);
  return [dir, resolvePath(dir.fs, dir.path, path, follow), path];
}

/** `lstat`, or `undefined` when nothing is there. */
function statOrUndefined(dir: DirDesc, path: string): Filestat | undefined {
  try {
    return dir.fs.lstat(path);
  } catch (err) {
    if (err instanceof ErrnoError && err.errno === Errno.NOENT) return undefined;
    throw err;
  }
}

/** The last component of a guest path (trailing slashes ignored). */
function lastComponent(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}
const isDots = (path: string) => ['.', '..'].includes(lastComponent(path));

/**
 * `path_create_directory(fd, path: string) -> errno`: create a directory. Errno: `EBADF`, `ENOTDIR`,
 * `ENOTCAPABLE` (no right, or an escape), `EEXIST`, `ENOENT`, `EFAULT`, `EILSEQ`.
 */
export const path_create_directory = wasi(
  'path_create_directory',
  { fd: 'i32', path: 'i32', path_len: 'i32' },
  (ctx, mem, fd: number, ptr: number, len: number) => {
    const [dir, r, path] = at(ctx, mem, fd, Rights.PATH_CREATE_DIRECTORY, ptr, len, false);
    if (r.isBase || isDots(path)) fail(Errno.EXIST);
    dir.fs.mkdir(r.path);
  },
);

/**
 * `path_filestat_get(fd, flags: lookupflags, path: string) -> filestat`: metadata of a path (following a final
 * symbolic link with `symlink_follow`). Errno: `EBADF`, `ENOTDIR`, `ENOTCAPABLE`, `ENOENT`, `ELOOP`, `EFAULT`.
 */
export const path_filestat_get = wasi(
  'path_filestat_get',
  { fd: 'i32', flags: 'i32', path: 'i32', path_len: 'i32', buf: 'i32' },
  (ctx, mem, fd: number, flags: number, ptr: number, len: number, buf: number) => {
    const [dir, r] = at(ctx, mem, fd, Rights.PATH_FILESTAT_GET, ptr, len, (flags & LookupFlags.SYMLINK_FOLLOW) !== 0);
    mem.check(buf, 64);
    writeFilestat(mem, buf, dir.fs.lstat(r.path));
  },
);

/**
 * `path_filestat_set_times(fd, flags, path, atim, mtim, fst_flags) -> errno`: set a path's times. Errno:
 * `EBADF`, `ENOTDIR`, `ENOTCAPABLE`, `ENOENT`, `EINVAL` (conflicting flags), `EFAULT`.
 */
export const path_filestat_set_times = wasi(
  'path_filestat_set_times',
  { fd: 'i32', flags: 'i32', path: 'i32', path_len: 'i32', atim: 'i64', mtim: 'i64', fst_flags: 'i32' },
  (ctx, mem, fd: number, flags: number, ptr: number, len: number, atim: bigint, mtim: bigint, fst: number) => {
    const [a, m] = timeSpecs(atim, mtim, fst);
    const [dir, r] = at(ctx, mem, fd, Rights.PATH_FILESTAT_SET_TIMES, ptr, len, (flags & LookupFlags.SYMLINK_FOLLOW) !== 0);
    dir.fs.setTimes(r.path, a, m);
  },
);

/**
 * `path_link(old_fd, old_flags, old_path, new_fd, new_path) -> errno`: make a hard link. Errno: `EBADF`,
 * `ENOTDIR`, `ENOTCAPABLE`, `ENOENT`, `EEXIST`, `EPERM` (a directory), `EXDEV` (another filesystem), `EFAULT`.
 */
export const path_link = wasi(
  'path_link',
  { old_fd: 'i32', old_flags: 'i32', old_path: 'i32', old_path_len: 'i32', new_fd: 'i32', new_path: 'i32', new_path_len: 'i32' },
  (ctx, mem, oldFd: number, oldFlags: number, op: number, ol: number, newFd: number, np: number, nl: number) => {
    const follow = (oldFlags & LookupFlags.SYMLINK_FOLLOW) !== 0;
    const [from, ro] = at(ctx, mem, oldFd, Rights.PATH_LINK_SOURCE, op, ol, follow);
    const [to, rn, newPath] = at(ctx, mem, newFd, Rights.PATH_LINK_TARGET, np, nl, false);
    if (from.fs !== to.fs) fail(Errno.XDEV);
    const st = from.fs.lstat(ro.path);
    if (st.filetype === Filetype.DIRECTORY) fail(Errno.PERM);
    if (rn.isBase || isDots(newPath) || statOrUndefined(to, rn.path) !== undefined) fail(Errno.EXIST);
    if (rn.trailingSlash) fail(Errno.NOENT);
    from.fs.link(ro.path, rn.path);
  },
);

/**
 * `path_open(fd, dirflags: lookupflags, path, oflags, fs_rights_base, fs_rights_inheriting, fdflags) -> fd`:
 * open or create a file or directory. Errno: `EBADF`, `ENOTDIR` (fd, `directory` on a file, or a trailing `/`),
 * `ENOTCAPABLE` (missing `path_open`/`path_create_file`/`path_filestat_set_size` right, or an escape),
 * `ENOENT`, `EEXIST` (`creat|excl`), `EISDIR` (write or truncate a directory), `ELOOP` (a final symbolic link
 * without `symlink_follow`), `EINVAL` (unknown flags, `creat|directory`), `EFAULT`, `EILSEQ`.
 */
export const path_open = wasi(
  'path_open',
  {
    fd: 'i32', dirflags: 'i32', path: 'i32', path_len: 'i32', oflags: 'i32',
    fs_rights_base: 'i64', fs_rights_inheriting: 'i64', fdflags: 'i32', opened_fd: 'i32',
  },
  (ctx, mem, fd: number, dirflags: number, ptr: number, len: number, oflags: number, base: bigint, inheriting: bigint, fdflags: number, out: number) => {
    if (oflags & ~0xf || fdflags & ~0x1f) fail(Errno.INVAL);
    const creat = (oflags & OFlags.CREAT) !== 0;
    const directory = (oflags & OFlags.DIRECTORY) !== 0;
    const trunc = (oflags & OFlags.TRUNC) !== 0;
    const needed = Rights.PATH_OPEN | (creat ? Rights.PATH_CREATE_FILE : 0n) | (trunc ? Rights.PATH_FILESTAT_SET_SIZE : 0n);
    const follow = (dirflags & LookupFlags.SYMLINK_FOLLOW) !== 0;
    const [dir, r] = at(ctx, mem, fd, needed, ptr, len, follow);
    mem.check(out, 4);
    const st = statOrUndefined(dir, r.path);
    if (st !== undefined) {
      if (creat && oflags & OFlags.EXCL) fail(Errno.EXIST);
      if (st.filetype === Filetype.SYMBOLIC_LINK) fail(directory ? Errno.NOTDIR : Errno.LOOP);
      if (st.filetype === Filetype.DIRECTORY) {
        if (trunc || (base & Rights.FD_WRITE) !== 0n || fdflags & FdFlags.APPEND) fail(Errno.ISDIR);
        const rights = base & dir.inheriting & DIR_RIGHTS;
        const newFd = ctx.fds.insert({ kind: 'dir', fs: dir.fs, path: r.path, rights, inheriting: inheriting & dir.inheriting, fdflags: 0 });
        mem.setU32(out, newFd);
        return;
      }
      if (directory) fail(Errno.NOTDIR);
    } else {
      if (!creat) fail(Errno.NOENT);
      if (r.trailingSlash) fail(Errno.ISDIR);
      if (directory) fail(Errno.INVAL);
    }
    const rights = base & dir.inheriting & FILE_RIGHTS;
    const write = (rights & (Rights.FD_WRITE | Rights.FD_ALLOCATE | Rights.FD_FILESTAT_SET_SIZE)) !== 0n;
    const file = dir.fs.open(r.path, {
      read: (rights & Rights.FD_READ) !== 0n || !write,
      write,
      create: creat,
      exclusive: creat && (oflags & OFlags.EXCL) !== 0,
      truncate: trunc,
    });
    const newFd = ctx.fds.insert({
      kind: 'file',
      file,
      pos: 0,
      rights,
      inheriting: inheriting & dir.inheriting,
      fdflags,
    });
    mem.setU32(out, newFd);
  },
);

/**
 * `path_readlink(fd, path, buf: Pointer<u8>, buf_len: size) -> size`: the contents of a symbolic link,
 * truncated to `buf_len`. Errno: `EBADF`, `ENOTDIR`, `ENOTCAPABLE`, `ENOENT`, `EINVAL` (not a link), `EFAULT`.
 */
export const path_readlink = wasi(
  'path_readlink',
  { fd: 'i32', path: 'i32', path_len: 'i32', buf: 'i32', buf_len: 'i32', bufused: 'i32' },
  (ctx, mem, fd: number, ptr: number, len: number, buf: number, bufLen: number, bufused: number) => {
    const [dir, r] = at(ctx, mem, fd, Rights.PATH_READLINK, ptr, len, false);
    const target = encodeUtf8(dir.fs.readlink(r.path));
    mem.check(buf, bufLen);
    mem.check(bufused, 4);
    const n = Math.min(target.length, bufLen);
    mem.write(buf, target.subarray(0, n));
    mem.setU32(bufused, n);
  },
);

/**
 * `path_remove_directory(fd, path) -> errno`: remove an empty directory. Errno: `EBADF`, `ENOTDIR`,
 * `ENOTCAPABLE`, `ENOENT`, `ENOTEMPTY`, `EINVAL` (`.`), `EFAULT`.
 */
export const path_remove_directory = wasi(
  'path_remove_directory',
  { fd: 'i32', path: 'i32', path_len: 'i32' },
  (ctx, mem, fd: number, ptr: number, len: number) => {
    const [dir, r, path] = at(ctx, mem, fd, Rights.PATH_REMOVE_DIRECTORY, ptr, len, false);
    if (lastComponent(path) === '..') fail(Errno.NOTEMPTY);
    if (r.isBase || lastComponent(path) === '.') fail(Errno.INVAL);
    const st = dir.fs.lstat(r.path);
    if (st.filetype !== Filetype.DIRECTORY) fail(Errno.NOTDIR);
    dir.fs.rmdir(r.path);
  },
);

/**
 * `path_rename(fd, old_path, new_fd, new_path) -> errno`: rename a file or directory (replacing a file, or an
 * empty directory). Errno: `EBADF`, `ENOTDIR`, `ENOTCAPABLE`, `ENOENT`, `EISDIR`, `ENOTEMPTY`, `EINVAL`
 * (into itself, or `.`/`..`), `EXDEV`, `EFAULT`.
 */
export const path_rename = wasi(
  'path_rename',
  { fd: 'i32', old_path: 'i32', old_path_len: 'i32', new_fd: 'i32', new_path: 'i32', new_path_len: 'i32' },
  (ctx, mem, fd: number, op: number, ol: number, newFd: number, np: number, nl: number) => {
    const [from, ro, oldPath] = at(ctx, mem, fd, Rights.PATH_RENAME_SOURCE, op, ol, false);
    const [to, rn, newPath] = at(ctx, mem, newFd, Rights.PATH_RENAME_TARGET, np, nl, false);
    if (from.fs !== to.fs) fail(Errno.XDEV);
    if (ro.isBase || rn.isBase || isDots(oldPath) || isDots(newPath)) fail(Errno.INVAL);
    const st = from.fs.lstat(ro.path);
    if (st.filetype !== Filetype.DIRECTORY) {
      if (ro.trailingSlash) fail(Errno.NOTDIR);
      if (rn.trailingSlash) fail(statOrUndefined(to, rn.path)?.filetype === Filetype.DIRECTORY ? Errno.ISDIR : Errno.NOTDIR);
    }
    from.fs.rename(ro.path, rn.path);
  },
);

/**
 * `path_symlink(old_path, fd, new_path) -> errno`: create a symbolic link to `old_path` (kept verbatim; it is
 * resolved inside the sandbox whenever followed). Errno: `EBADF`, `ENOTDIR`, `ENOTCAPABLE` (no right, or an
 * absolute target), `EEXIST`, `ENOENT`, `EFAULT`.
 */
export const path_symlink = wasi(
  'path_symlink',
  { old_path: 'i32', old_path_len: 'i32', fd: 'i32', new_path: 'i32', new_path_len: 'i32' },
  (ctx, mem, op: number, ol: number, fd: number, np: number, nl: number) => {
    const target = mem.string(op, ol);
    const [dir, rn, newPath] = at(ctx, mem, fd, Rights.PATH_SYMLINK, np, nl, false);
    if (target.startsWith('/')) fail(Errno.NOTCAPABLE, 'absolute symbolic link target');
    if (rn.isBase || isDots(newPath) || statOrUndefined(dir, rn.path) !== undefined) fail(Errno.EXIST);
    if (rn.trailingSlash) fail(Errno.NOENT);
    dir.fs.symlink(target, rn.path);
  },
);

/**
 * `path_unlink_file(fd, path) -> errno`: remove a file or symbolic link. Errno: `EBADF`, `ENOTDIR` (trailing
 * `/` on a file), `ENOTCAPABLE`, `ENOENT`, `EISDIR` (a directory), `EFAULT`.
 */
export const path_unlink_file = wasi(
  'path_unlink_file',
  { fd: 'i32', path: 'i32', path_len: 'i32' },
  (ctx, mem, fd: number, ptr: number, len: number) => {
    const [dir, r, path] = at(ctx, mem, fd, Rights.PATH_UNLINK_FILE, ptr, len, false);
    if (r.isBase || isDots(path)) fail(Errno.ISDIR);
    const st = dir.fs.lstat(r.path);
    if (st.filetype === Filetype.DIRECTORY) fail(Errno.ISDIR);
    if (r.trailingSlash) fail(Errno.NOTDIR);
    dir.fs.unlink(r.path);
  },
);
