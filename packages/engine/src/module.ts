/**
 * `Module`: a compiled WebAssembly module. Construction runs the whole pipeline once — decode (binary/), validate
 * (validate/), compile every defined function (compile/) — and interns the module's function types in the
 * engine; the result is instance-independent and shared by every instance in every store of the engine.
 */
import type { Export, ModuleInfo } from '@weft/serialize';
import { decodeModule } from './binary/decode.js';
import type { CompiledFunction } from './compile/compiled.js';
import { compileFunction } from './compile/compiler.js';
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
   * Decode, validate and compile a module binary.
   *
   * @throws CompileError when the binary is malformed (`malformed: true`) or invalid, with the byte `offset`.
   */
  constructor(engine: Engine, bytes: Uint8Array | ArrayBuffer) {
    const u8 = toBytes(bytes).slice(); // segments keep views of the bytes: own them
    this.engine = engine;
    this.info = decodeAndValidate(engine, u8);
    this.typeIds = Int32Array.from(this.info.types, (t) => engine.internFuncType(t));
    const code: CompiledFunction[] = [];
    for (let i = 0; i < this.info.bodies.length; i++) {
      code.push(compileFunction(this.info, u8, this.info.importedFuncs + i, engine.features));
    }
    this.code = code;
  }

  /** Same as `new Module(engine, bytes)`. */
  static fromBinary(engine: Engine, bytes: Uint8Array | ArrayBuffer): Module {
    return new Module(engine, bytes);
  }

  /**
   * Check that `bytes` is a valid module for `engine`'s features, without compiling it.
   *
   * @throws CompileError when it is malformed or invalid.
   * @example
   * ```ts
   * try { Module.validate(engine, bytes); } catch (e) { if (e instanceof CompileError) console.log(e.offset); }
   * ```
   */
  static validate(engine: Engine, bytes: Uint8Array | ArrayBuffer): void {
    decodeAndValidate(engine, toBytes(bytes));
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

function decodeAndValidate(engine: Engine, bytes: Uint8Array): ModuleInfo {
  const info = decodeModule(bytes, engine.features);
  validateModule(info, bytes, engine.features);
  return info;
}
