/**
 * Access to Node's `fs` without a static `node:` import, so `@weft/wasi` bundles for browsers unchanged:
 * `process.getBuiltinModule` (Node ≥ 20.16) returns the module synchronously where it exists. Features that need
 * the host (real directories, inherited stdio) fail with a clear error elsewhere.
 */
import type * as NodeFs from 'node:fs';
import type * as NodeTty from 'node:tty';

function builtin<M>(id: string): M | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  return proc?.getBuiltinModule?.(id) as M | undefined;
}

let cached: typeof NodeFs | null | undefined;

/** Node's `fs` module, or `undefined` outside Node. */
export function nodeFs(): typeof NodeFs | undefined {
  if (cached === undefined) cached = builtin<typeof NodeFs>('node:fs') ?? null;
  return cached ?? undefined;
}

/** Whether the host's file descriptor `fd` is a terminal (`false` outside Node). */
export function isTerminal(fd: number): boolean {
  return builtin<typeof NodeTty>('node:tty')?.isatty(fd) ?? false;
}

/** Node's `fs`, or an error naming `what` needs it. */
export function requireNodeFs(what: string): typeof NodeFs {
  const fs = nodeFs();
  if (fs === undefined) throw new Error(`${what} needs Node's fs module (Node 20.16 or later)`);
  return fs;
}
