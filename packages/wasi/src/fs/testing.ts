/**
 * Test helper for the filesystem backends' tests: the errno a call fails with, and the open flags of a plain
 * read-write open. Not part of the public API.
 */
import { ErrnoError } from '../errno.js';

/** Open flags: read and write an existing file, no create, exclusive or truncate. */
export const RW = { read: true, write: true, create: false, exclusive: false, truncate: false };

/** The errno `f` throws (as an `ErrnoError`), or undefined when it returns; any other throw passes through. */
export function errno(f: () => unknown): number | undefined {
  try {
    f();
    return undefined;
  } catch (err) {
    if (err instanceof ErrnoError) return err.errno;
    throw err;
  }
}
