/**
 * `Module`: a compiled WebAssembly module. Construction runs the whole pipeline once — decode (binary/), validate
 * (validate/) and compile every defined function (compile/), the compiler lowering each operator as soon as the
 * validator has checked it, so each body is decoded once — and interns the module's function types in the
 * engine; the result is instance-independent and shared by every instance in every store of the engine. A module
 * also comes from a precompiled artifact (`Module.deserialize`, or the module cache of `Config.cache`), and
 * writes one (`serialize`).
 */
import type { Export, ModuleInfo } from '@weft/serialize';
import { cachedModule } from './artifact/cache.js';
import { deserializeModule, serializeModule, type ModuleParts } from './artifact/load.js';
import { decodeModule } from './binary/decode.js';
import type { CompiledFunction } from './compile/compiled.js';
import { ModuleCompiler } from './compile/compiler.js';
import { wat2wasm } from './text/wat2wasm.js';
import type { Engine } from './engine.js';
import type { ModuleCode } from './runtime/instantiate.js';
import { validateModule } from './validate/module.js';
import {
  funcTypeToPublic,
  globalTypeToPublic,
  memoryTypeToPublic,
  tableTypeToPublic,
  type ExportType,
  type ExternType,
  type ImportType,
} from './types.js';

/**
 * A compiled WebAssembly module, ready to be instantiated.
 *
 * @remarks
 * A module belongs to its engine, not to a store: compile once, instantiate in many stores of the same engine.
 *
 * @example
 * ```ts
 * const module = new Module(engine, bytes);
 * for (const imp of module.imports()) console.log(imp.module, imp.name, imp.type.kind);
 * ```
 */
export class Module implements ModuleCode {
  /** The engine the module was compiled with. */
  readonly engine: Engine;
  /** @internal The decoded module. */
  readonly info: ModuleInfo;
  /** @internal Engine-wide type ids of the module's types. */
  readonly typeIds: Int32Array;
  /** @internal Compiled code of each defined function. */
  readonly code: readonly CompiledFunction[];

  /**
   * Decode, validate and compile a module binary, or WebAssembly text (a string, converted by `wat2wasm`).
   *
   * @throws CompileError when the binary is malformed (`malformed: true`) or invalid, with the byte `offset`;
   * for text that is not well formed, with `line` and `column`.
   */
  constructor(engine: Engine, bytes: Uint8Array | ArrayBuffer | string) {
    this.engine = engine;
    let parts = preloaded;
    preloaded = undefined;
    if (parts === undefined) {
      // Own the bytes (segments keep views of them); a Buffer's own `slice` would not copy.
      const u8 = typeof bytes === 'string' ? wat2wasm(bytes) : Uint8Array.prototype.slice.call(toBytes(bytes));
      const cache = engine.config.cache;
      parts =
        cache === undefined ? compile(engine, u8) : cachedModule(engine, cache.directory, u8, () => compile(engine, u8));
    }
    this.info = parts.info;
    this.code = parts.code;
    this.typeIds = Int32Array.from(this.info.types, (t) => engine.internFuncType(t));
  }

  /**
   * Write this module as a precompiled artifact (Wasmtime's `Module::serialize`): the module info and compiled
   * code, stamped with the engine's weft version and compilation settings. See `docs/artifacts.md`.
   *
   * @example
   * ```ts
   * const artifact = new Module(engine, wasm).serialize();
   * const again = Module.deserialize(engine, artifact);
   * ```
   */
  serialize(): Uint8Array {
    return serializeModule(this.engine, this);
  }

  /**
   * Load a module from an artifact of `serialize` or `engine.precompileModule`, without compiling.
   *
   * @remarks
   * Unlike Wasmtime, weft treats the artifact as untrusted: besides checksums it checks the module info with
   * the validator and every function's code structurally (slots in the frame, branch targets on instructions,
   * indices in range), so a tampered artifact fails to load or, at worst, computes wrong values or traps inside
   * its own instance. By default (`verify: 'lazy'`) a function's code and checksum are checked at its first
   * call, once for all instances, so loading costs little more than one copy of the code; a function that fails
   * makes each of its calls throw the `DeserializeError` (the store stays usable). `verify: 'eager'` checks all
   * of it now instead. The module keeps a private copy of the code: `bytes` may be reused afterwards.
   *
   * @throws DeserializeError when the bytes are not an artifact, are truncated or corrupt, come from another weft
   *   version or from an engine with other compilation settings (the message names the field, e.g.
   *   "compiled with consumeFuel=true, this engine has consumeFuel=false"), or fail a structural check (of the
   *   code too with `verify: 'eager'`).
   * @example
   * ```ts
   * const module = Module.deserialize(engine, artifact);                      // functions checked at first call
   * const checked = Module.deserialize(engine, artifact, { verify: 'eager' }); // everything checked now
   * ```
   */
  static deserialize(engine: Engine, bytes: Uint8Array | ArrayBuffer, options: DeserializeOptions = {}): Module {
    preloaded = deserializeModule(engine, toBytes(bytes), { verify: options.verify ?? 'lazy', owned: ownedBytes === bytes });
    try {
      return new Module(engine, NO_BYTES);
    } finally {
      preloaded = undefined;
    }
  }

  /** Same as `new Module(engine, bytes)`. */
  static fromBinary(engine: Engine, bytes: Uint8Array | ArrayBuffer): Module {
    return new Module(engine, bytes);
  }

  /**
   * Check that `bytes` (a binary, or WebAssembly text) is a valid module for `engine`'s features, without compiling it.
   *
   * @throws CompileError when it is malformed or invalid.
   * @example
   * ```ts
   * try { Module.validate(engine, bytes); } catch (e) { if (e instanceof CompileError) console.log(e.offset); }
   * ```
   */
  static validate(engine: Engine, bytes: Uint8Array | ArrayBuffer | string): void {
    decodeAndValidate(engine, typeof bytes === 'string' ? wat2wasm(bytes) : toBytes(bytes));
  }

  /** The module's name from its name section, if any. */
  get name(): string | undefined {
    return this.info.names.module;
  }

  /** The imports, in order, with their types. */
  imports(): ImportType[] {
    return this.info.imports.map((imp) => {
      const d = imp.desc;
      let type: ExternType;
      if (d.kind === 'func') type = { kind: 'func', ...funcTypeToPublic(this.info.types[d.typeIndex]!) };
      else if (d.kind === 'global') type = { kind: 'global', ...globalTypeToPublic(d.type) };
      else if (d.kind === 'table') type = { kind: 'table', ...tableTypeToPublic(d.type) };
      else type = { kind: 'memory', ...memoryTypeToPublic(d.type) };
      return { module: imp.module, name: imp.name, type };
    });
  }

  /** The exports, in order, with their types. */
  exports(): ExportType[] {
    return this.info.exports.map((e) => ({ name: e.name, type: this.exportType(e.kind, e.index) }));
  }

  /** @internal Exports by name. */
  get exportMap(): ReadonlyMap<string, Export> {
    return (this.#exportMap ??= new Map(this.info.exports.map((e) => [e.name, e])));
  }
  #exportMap: Map<string, Export> | undefined;

  /** @internal The type of export `kind` `index`. */
  exportType(kind: 'func' | 'table' | 'memory' | 'global', index: number): ExternType {
    const info = this.info;
    switch (kind) {
      case 'func':
        return { kind, ...funcTypeToPublic(info.types[info.funcTypes[index]!]!) };
      case 'global':
        return { kind, ...globalTypeToPublic(info.globals[index]!) };
      case 'table':
        return { kind, ...tableTypeToPublic(info.tables[index]!) };
      case 'memory':
        return { kind, ...memoryTypeToPublic(info.memories[index]!) };
    }
  }
}

function toBytes(bytes: Uint8Array | ArrayBuffer): Uint8Array {
  if (bytes instanceof Uint8Array) return bytes;
  if (bytes instanceof ArrayBuffer) return new Uint8Array(bytes);
  throw new TypeError('module bytes must be a Uint8Array or an ArrayBuffer');
}

/** Options of `Module.deserialize`. */
export interface DeserializeOptions {
  /**
   * When to check each function's code and checksum: `'lazy'` (the default) at its first call, `'eager'` while
   * loading, so that a bad artifact is rejected by `deserialize` itself.
   */
  verify?: 'lazy' | 'eager';
}

/** Bytes that `deserializeFile` just read and hands over, so `deserialize` need not copy them. */
let ownedBytes: Uint8Array | undefined;

/** @internal `Module.deserialize` of bytes nobody else holds (a file just read): the code is not copied. */
export function deserializeOwned(engine: Engine, bytes: Uint8Array, options?: DeserializeOptions): Module {
  ownedBytes = bytes;
  try {
    return Module.deserialize(engine, bytes, options);
  } finally {
    ownedBytes = undefined;
  }
}

/** Parts for the constructor to take instead of compiling (set by `deserialize` just before `new Module`). */
let preloaded: ModuleParts | undefined;
const NO_BYTES = new Uint8Array(0);

function compile(engine: Engine, u8: Uint8Array): ModuleParts {
  const info = decodeModule(u8, engine.features, true);
  // Every operator is compiled as soon as it validates: one decoding of each body serves both.
  const compiler = new ModuleCompiler(info, engine.metering);
  try {
    validateModule(info, u8, engine.features, compiler);
  } finally {
    compiler.release();
  }
  return { info, code: compiler.code };
}

function decodeAndValidate(engine: Engine, bytes: Uint8Array): ModuleInfo {
  const info = decodeModule(bytes, engine.features, true);
  validateModule(info, bytes, engine.features);
  return info;
}
