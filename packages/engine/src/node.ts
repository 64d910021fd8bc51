/**
 * `@weft/engine/node`: helpers that need Node's APIs, kept out of the engine core so the core runs anywhere.
 * Reading a module or an artifact from a file, and the file-system backend of the module cache
 * (`Config.cache`), which importing this entry installs; and `startEpochTicker`, which ticks an engine's epoch from
 * a worker thread.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { installCacheBackend } from './artifact/cache.js';
import type { Engine } from './engine.js';
import { Module, deserializeOwned, type DeserializeOptions } from './module.js';

/**
 * Read and compile the module in file `path` (Wasmtime's `Module::from_file`).
 *
 * @throws CompileError when the file is not a valid module; Node's file errors when it cannot be read.
 * @example
 * ```ts
 * import { readModule } from '@weft/engine/node';
 * const module = readModule(engine, 'app.wasm');
 * ```
 */
export function readModule(engine: Engine, path: string): Module {
  return new Module(engine, readFileSync(path));
}

/** Like {@link readModule}, reading the file asynchronously. */
export async function readModuleAsync(engine: Engine, path: string): Promise<Module> {
  return new Module(engine, await readFile(path));
}

/**
 * Load a precompiled artifact from file `path` (Wasmtime's `Module::deserialize_file`); the same checks and
 * options as `Module.deserialize`. The bytes read are the module's own, so its code is not copied again.
 *
 * @throws DeserializeError when the file is not a compatible, intact artifact; Node's file errors when it
 *   cannot be read.
 * @example
 * ```ts
 * import { deserializeFile } from '@weft/engine/node';
 * const module = deserializeFile(engine, 'app.cwasm');
 * ```
 */
export function deserializeFile(engine: Engine, path: string, options?: DeserializeOptions): Module {
  return deserializeOwned(engine, readFileSync(path), options);
}

/**
 * The module cache on disk: one file `<key>.cwasm` per entry in the cache folder. Writes go to a unique temp
 * file that is then renamed over the entry, which is atomic on POSIX file systems, so processes sharing a folder
 * read either a whole entry or none; two writers of one key write equal bytes, the last rename wins.
 */
installCacheBackend({
  read(directory, key) {
    try {
      return readFileSync(join(directory, `${key}.cwasm`));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  },
  write(directory, key, bytes) {
    mkdirSync(directory, { recursive: true });
    const tmp = join(directory, `${key}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      writeFileSync(tmp, bytes);
      renameSync(tmp, join(directory, `${key}.cwasm`));
    } catch (err) {
      rmSync(tmp, { force: true });
      throw err;
    }
  },
});

/** A running epoch ticker. */
export interface EpochTicker {
  /** Stop ticking (idempotent). The worker thread ends; it never keeps the process alive. */
  stop(): void;
}

// The worker's whole program, a constant that no input reaches: wait `intervalMs` on the stop flag, tick, repeat
// until the flag is set. Atomics.wait keeps time on its own thread while the main thread runs a guest.
const TICKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { counter, stop, intervalMs } = workerData;
while (Atomics.wait(stop, 0, 0, intervalMs) === 'timed-out') Atomics.add(counter, 0, 1);
`;

/**
 * Tick `engine`'s epoch every `intervalMs` milliseconds from a worker thread, so that a guest running
 * synchronously on this thread is interrupted at its store's epoch deadline (JS timers cannot fire during a
 * synchronous call). Returns `{ stop() }`.
 *
 * @throws RangeError when `intervalMs` is not a positive number.
 * @example
 * ```ts
 * import { startEpochTicker } from '@weft/engine/node';
 * const engine = new Engine({ epochInterruption: true });
 * const ticker = startEpochTicker(engine, 10);
 * store.setEpochDeadline(100); // about one second
 * try { run.call(store, []); } finally { ticker.stop(); }
 * ```
 */
export function startEpochTicker(engine: Engine, intervalMs: number): EpochTicker {
  if (!(typeof intervalMs === 'number' && intervalMs > 0 && Number.isFinite(intervalMs))) {
    throw new RangeError(`intervalMs must be a positive number, got ${intervalMs}`);
  }
  const stop = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(TICKER_SOURCE, {
    eval: true,
    workerData: { counter: engine.epochCounter, stop, intervalMs },
  });
  worker.unref();
  let stopped = false;
  return {
    stop() {
      if (stopped) return;
      stopped = true;
      Atomics.store(stop, 0, 1);
      Atomics.notify(stop, 0);
    },
  };
}
