/**
 * The sandbox: resolves a guest path against a directory descriptor, one component at a time, following symbolic
 * links itself (never the host's resolver), so that no path — through `..`, an absolute path, or any symbolic
 * link, including ones the guest created — can name anything outside that directory. Escapes answer
 * `ENOTCAPABLE`, as Wasmtime's preview1 does; link loops answer `ELOOP` after 40 links.
 */
import { Filetype } from '../constants.js';
import { Errno, ErrnoError, fail } from '../errno.js';
import { joinPath, type WasiFilesystem } from './filesystem.js';

/** At most this many symbolic links are followed in one resolution (Linux's MAXSYMLINKS). */
const MAX_LINKS = 40;

/** A resolved path. */
export interface Resolved {
  /** The backend path (under the descriptor's directory). */
  path: string;
  /** The path is the descriptor's directory itself (`.`, `a/..`). */
  isBase: boolean;
  /** The guest path ended in `/` (the result must be a directory). */
  trailingSlash: boolean;
}

/**
 * Resolve `guestPath` relative to the directory `base` of `fs`.
 *
 * @param follow - follow a symbolic link in the last component (`lookupflags.symlink_follow`); a trailing `/`
 *   always follows.
 * @throws ErrnoError `ENOENT` (empty path or missing directory), `ENOTDIR`, `ENOTCAPABLE` (an escape), `ELOOP`,
 *   `EINVAL` (a NUL byte).
 */
export function resolvePath(fs: WasiFilesystem, base: string, guestPath: string, follow: boolean): Resolved {
  if (guestPath === '') fail(Errno.NOENT);
  if (guestPath.includes('\0')) fail(Errno.INVAL);
  if (guestPath.startsWith('/')) fail(Errno.NOTCAPABLE, `absolute path ${guestPath}`);
  const trailingSlash = guestPath.endsWith('/');
  const stack: string[] = [];
  const queue = guestPath.split('/');
  let links = 0;
  // Walk; `queue` holds the components left (symbolic links splice their target in).
  while (queue.length > 0) {
    const c = queue.shift()!;
    if (c === '' || c === '.') continue;
    if (c === '..') {
      if (stack.length === 0) fail(Errno.NOTCAPABLE, `${guestPath} leaves its directory`);
      stack.pop();
      continue;
    }
    const last = queue.every((q) => q === '' || q === '.');
    // `a/` and `a/.` name `a` as a directory: follow it and check.
    const asDir = queue.length > 0;
    const here = joinPath(base, [...stack, c].join('/'));
    if (last && !follow && !asDir) {
      stack.push(c);
      break;
    }
    let stat;
    try {
      stat = fs.lstat(here);
    } catch (err) {
      if (last && err instanceof ErrnoError && err.errno === Errno.NOENT) {
        stack.push(c);
        break;
      }
      throw err;
    }
    if (stat.filetype === Filetype.SYMBOLIC_LINK) {
      if (++links > MAX_LINKS) fail(Errno.LOOP);
      const target = fs.readlink(here);
      if (target === '') fail(Errno.NOENT);
      if (target.startsWith('/')) fail(Errno.NOTCAPABLE, `symbolic link ${here} -> ${target}`);
      queue.unshift(...target.split('/'));
      continue;
    }
    if (!last && stat.filetype !== Filetype.DIRECTORY) fail(Errno.NOTDIR);
    if (last && asDir && stat.filetype !== Filetype.DIRECTORY) fail(Errno.NOTDIR);
    stack.push(c);
  }
  return { path: joinPath(base, stack.join('/')), isBase: stack.length === 0, trailingSlash };
}
