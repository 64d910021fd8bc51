/**
 * `@weft/engine/node`: helpers that need Node's APIs, kept out of the engine core so the core runs anywhere.
 * Today: reading a module from a file.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { Engine } from './engine.js';
import { Module } from './module.js';

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
