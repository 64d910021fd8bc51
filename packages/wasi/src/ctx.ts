/**
 * `WasiCtx`, the state of one WASI guest (arguments, environment, fd table, clocks, random), and
 * `WasiCtxBuilder`, which makes one the way Wasmtime's `WasiCtxBuilder` does: args, env (explicit or inherited),
 * stdio (null by default; inherit, capture or feed), preopened directories (real or in-memory) and sockets,
 * clocks and random. The context lives in the store's data; see `addToLinker`.
 */
import { systemClocks, systemRandom, type WasiClocks, type WasiRandom } from './clocks.js';
import {
  DIR_RIGHTS,
  DIR_WRITE_RIGHTS,
  FILE_RIGHTS,
  FILE_WRITE_RIGHTS,
  Rights,
  SOCKET_RIGHTS,
  STREAM_RIGHTS,
} from './constants.js';
import { FdTable } from './fd-table.js';
import type { WasiFilesystem } from './fs/filesystem.js';
import { NodeFs } from './fs/node.js';
import { encodeUtf8 } from './memory.js';
import type { WasiSocket } from './sockets.js';
import { inheritStderr, inheritStdin, inheritStdout, nullStream, type WasiStream } from './streams.js';

/** What a guest may do in a preopened directory. Both default to `true`. */
export interface DirPerms {
  /** Read files and list directories. */
  read?: boolean;
  /** Create, write, rename and remove. */
  write?: boolean;
}

/**
 * The WASI state of one guest. Build it with {@link WasiCtxBuilder}; keep it in the store's data.
 *
 * @remarks
 * One context serves one running program (one instance). It owns the guest's fd table; `close()` releases the
 * files the guest left open (host stdio streams are never closed).
 */
export class WasiCtx {
  /** Arguments, UTF-8 encoded and NUL-terminated, as `args_get` hands them out. */
  readonly args: Uint8Array[];
  /** `KEY=VALUE` entries, UTF-8 encoded and NUL-terminated. */
  readonly env: Uint8Array[];
  readonly fds: FdTable;
  readonly clocks: WasiClocks;
  readonly random: WasiRandom;

  /** @internal Use {@link WasiCtxBuilder}. */
  constructor(args: string[], env: [string, string][], fds: FdTable, clocks: WasiClocks, random: WasiRandom) {
    this.args = args.map((a) => encodeUtf8(`${a}\0`));
    this.env = env.map(([k, v]) => encodeUtf8(`${k}=${v}\0`));
    this.fds = fds;
    this.clocks = clocks;
    this.random = random;
  }

  /** Close every fd the guest still has open. */
  close(): void {
    this.fds.closeAll();
  }
}

/**
 * Builds a {@link WasiCtx}.
 *
 * @example
 * ```ts
 * const wasi = new WasiCtxBuilder()
 *   .args(['prog', '--verbose'])
 *   .env('LANG', 'C')
 *   .inheritStdio()
 *   .preopenDir('./data', '/data', { write: false })
 *   .build();
 * ```
 */
export class WasiCtxBuilder {
  #args: string[] = [];
  #env: [string, string][] = [];
  #stdio: [WasiStream, WasiStream, WasiStream] = [nullStream(), nullStream(), nullStream()];
  #preopens: { fs: WasiFilesystem; guest: string; perms: DirPerms }[] = [];
  #sockets: WasiSocket[] = [];
  #clocks: WasiClocks | undefined;
  #random: WasiRandom | undefined;

  /** Append one argument (the first is the program name, `argv[0]`). */
  arg(arg: string): this {
    this.#args.push(arg);
    return this;
  }
  /** Append arguments. */
  args(args: readonly string[]): this {
    this.#args.push(...args);
    return this;
  }
  /** Use the host process's arguments (`process.argv` without node and the script). */
  inheritArgs(): this {
    const argv = (globalThis as { process?: { argv?: string[] } }).process?.argv ?? [];
    return this.args(argv.slice(1));
  }
  /** Set an environment variable. */
  env(key: string, value: string): this {
    this.#env = this.#env.filter(([k]) => k !== key);
    this.#env.push([key, value]);
    return this;
  }
  /** Set several environment variables. */
  envs(vars: Record<string, string> | readonly (readonly [string, string])[]): this {
    for (const [k, v] of Array.isArray(vars) ? vars : Object.entries(vars)) this.env(k, v);
    return this;
  }
  /** Use the host process's environment (`process.env`). */
  inheritEnv(): this {
    const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env ?? {};
    for (const [k, v] of Object.entries(env)) if (v !== undefined) this.env(k, v);
    return this;
  }

  /** The guest's stdin (default: empty). */
  stdin(stream: WasiStream): this {
    this.#stdio[0] = stream;
    return this;
  }
  /** The guest's stdout (default: discarded). */
  stdout(stream: WasiStream): this {
    this.#stdio[1] = stream;
    return this;
  }
  /** The guest's stderr (default: discarded). */
  stderr(stream: WasiStream): this {
    this.#stdio[2] = stream;
    return this;
  }
  inheritStdin(): this {
    return this.stdin(inheritStdin());
  }
  inheritStdout(): this {
    return this.stdout(inheritStdout());
  }
  inheritStderr(): this {
    return this.stderr(inheritStderr());
  }
  /** Give the guest the host process's stdin, stdout and stderr. */
  inheritStdio(): this {
    return this.inheritStdin().inheritStdout().inheritStderr();
  }

  /**
   * Give the guest the host directory `hostPath` as `guestPath` (a real, sandboxed directory; see `NodeFs`).
   *
   * @throws Error when `hostPath` is not a directory, or outside Node.
   */
  preopenDir(hostPath: string, guestPath: string, perms: DirPerms = {}): this {
    return this.preopen(new NodeFs(hostPath), guestPath, perms);
  }
  /** Give the guest the root of `fs` (e.g. a `MemFs`) as `guestPath`. */
  preopen(fs: WasiFilesystem, guestPath: string, perms: DirPerms = {}): this {
    this.#preopens.push({ fs, guest: guestPath, perms });
    return this;
  }
  /** Give the guest a socket (listening or connected) as the next fd after the preopened directories. */
  preopenSocket(socket: WasiSocket): this {
    this.#sockets.push(socket);
    return this;
  }

  /** The clocks (default: the host's; `testClocks()` for deterministic runs). */
  clocks(clocks: WasiClocks): this {
    this.#clocks = clocks;
    return this;
  }
  /** The random source (default: WebCrypto; `testRandom()` for deterministic runs). */
  random(random: WasiRandom): this {
    this.#random = random;
    return this;
  }

  /** Make the context: stdio at fds 0–2, then the preopened directories in order, then sockets. */
  build(): WasiCtx {
    const fds = new FdTable();
    this.#stdio.forEach((stream, fd) => fds.set(fd, { kind: 'stream', stream, rights: STREAM_RIGHTS, inheriting: 0n, fdflags: 0 }));
    let fd = 3;
    for (const { fs, guest, perms } of this.#preopens) {
      fds.set(fd++, { kind: 'dir', fs, path: '', preopen: guest, ...dirRights(perms), fdflags: 0 });
    }
    for (const socket of this.#sockets) {
      fds.set(fd++, { kind: 'socket', socket, rights: SOCKET_RIGHTS, inheriting: 0n, fdflags: 0 });
    }
    return new WasiCtx([...this.#args], [...this.#env], fds, this.#clocks ?? systemClocks(), this.#random ?? systemRandom);
  }
}

/** Rights of a preopened directory and what it hands down, from its permissions. */
export function dirRights(perms: DirPerms): { rights: bigint; inheriting: bigint } {
  let rights = DIR_RIGHTS;
  let inheriting = DIR_RIGHTS | FILE_RIGHTS;
  if (perms.write === false) {
    rights &= ~DIR_WRITE_RIGHTS;
    inheriting &= ~(DIR_WRITE_RIGHTS | FILE_WRITE_RIGHTS);
  }
  if (perms.read === false) {
    rights &= ~(Rights.FD_READDIR | Rights.PATH_READLINK);
    inheriting &= ~(Rights.FD_READ | Rights.FD_READDIR | Rights.PATH_READLINK);
  }
  return { rights, inheriting };
}
