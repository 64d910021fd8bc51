/**
 * The module cache behind `Config.cache`: before compiling, `new Module` looks for an artifact under the key
 * SHA-256(engine fingerprint ‖ 0x00 ‖ wasm bytes) and loads it (with every check of `Module.deserialize`; every
 * function's checksum at load time, its code at its first call); an entry that fails to load is ignored and rewritten; after compiling, the artifact is stored. The engine core has
 * no file system, so the storage is a `CacheBackend` installed by `@weft/engine/node` (temp file + rename, so
 * concurrent processes never see half-written entries). Storage failures never fail a compilation.
 */
import type { Engine } from '../engine.js';
import { DeserializeError } from '../errors.js';
import { deserializeModule, serializeModule, type ModuleParts } from './load.js';
import { Sha256, toHex } from './sha256.js';

/** Where cache entries live: `read` returns `undefined` for a missing entry; `write` must be atomic. */
export interface CacheBackend {
  read(directory: string, key: string): Uint8Array | undefined;
  write(directory: string, key: string, bytes: Uint8Array): void;
}

let backend: CacheBackend | undefined;

/** Install the storage the module cache uses (`@weft/engine/node` does this when imported). */
export function installCacheBackend(b: CacheBackend): void {
  backend = b;
}

/** Whether a cache backend is installed. */
export function hasCacheBackend(): boolean {
  return backend !== undefined;
}

/** The cache key of `wasm` for `engine`: hex SHA-256 of the fingerprint, a zero byte and the bytes. */
export function cacheKey(engine: Engine, wasm: Uint8Array): string {
  const h = new Sha256();
  h.update(new TextEncoder().encode(engine.fingerprint));
  h.update(new Uint8Array(1));
  h.update(wasm);
  return toHex(h.digest());
}

/** What the last lookups did, for tests and tools. */
export const cacheStats = { hits: 0, misses: 0, rejected: 0, writeErrors: 0 };

/** Load `wasm`'s module from the cache in `directory`, or `compile` it and store the result. */
export function cachedModule(engine: Engine, directory: string, wasm: Uint8Array, compile: () => ModuleParts): ModuleParts {
  const b = backend;
  if (b === undefined) return compile();
  const key = cacheKey(engine, wasm);
  let entry: Uint8Array | undefined;
  try {
    entry = b.read(directory, key);
  } catch {
    entry = undefined;
  }
  if (entry !== undefined) {
    try {
      // Checksums now, so that a corrupt entry is recompiled; the code's structure at first calls, as always.
      const parts = deserializeModule(engine, entry, { verify: 'lazy', checksums: true, owned: true });
      cacheStats.hits++;
      return parts;
    } catch (err) {
      if (!(err instanceof DeserializeError)) throw err;
      cacheStats.rejected++;
    }
  }
  cacheStats.misses++;
  const parts = compile();
  try {
    b.write(directory, key, serializeModule(engine, parts));
  } catch {
    cacheStats.writeErrors++;
  }
  return parts;
}
