/**
 * Module artifacts from the engine's side: `serializeModule` writes a module's info and code with the engine's
 * fingerprint; `deserializeModule` reads one back as untrusted input — container and checksum (`@weft/serialize`),
 * compatibility field by field (`fingerprint.ts`), the module info through the module validator (every index,
 * type, limit and constant expression; the function bodies are not in an artifact, their compiled code is), every
 * function's header, and every function's code and checksum (`verify.ts`): all at load time when `verify` is
 * `'eager'`, or each function at its first call (`exec/deferred-code.ts`) when `'lazy'`, so that loading costs
 * about one copy of the code. Whatever goes wrong comes out as a `DeserializeError`, at load time or from the
 * first call of the function that does not check out.
 */
import { FormatError, encodeArtifact, openArtifact, type CompiledFunction, type LoadedCode, type ModuleInfo } from '@weft/serialize';
import type { Engine } from '../engine.js';
import { CompileError, DeserializeError, WeftError } from '../errors.js';
import { deferAll, settle } from '../exec/deferred-code.js';
import { validateModuleInfo } from '../validate/module.js';
import { checkCompatible } from './fingerprint.js';
import { moduleFacts, verifyCode, verifyHeader, type MeteringRules, type ModuleFacts } from './verify.js';

/** A module's decoded info and compiled code. */
export interface ModuleParts {
  info: ModuleInfo;
  code: readonly CompiledFunction[];
}

/** Write an artifact for a module compiled by `engine` (or loaded: deferred code is checked first). */
export function serializeModule(engine: Engine, parts: ModuleParts): Uint8Array {
  for (const f of parts.code) settle(parts.info, f);
  return encodeArtifact({ fields: engine.fingerprintFields, info: parts.info, code: parts.code });
}

/** How `deserializeModule` checks code. */
export interface LoadOptions {
  /** `'lazy'`: each function's checksum and code at its first call; `'eager'`: all of them now. */
  verify: 'lazy' | 'eager';
  /** With `'lazy'`, still check every function's checksum now (the module cache: a corrupt entry is recompiled). */
  checksums?: boolean;
  /** The bytes are handed over and never changed (a file just read): the code need not be copied. */
  owned?: boolean;
}

/**
 * Read and check an artifact for `engine`.
 *
 * @throws DeserializeError when it is not an artifact, is truncated or corrupt, was compiled by another weft or
 *   with other settings (naming the field), or its module info or headers do not check out, or (with
 *   `verify: 'eager'`) a function's code does not; with `'lazy'`, the function's first call throws that instead.
 */
export function deserializeModule(engine: Engine, bytes: Uint8Array, options: LoadOptions): ModuleParts {
  try {
    const opened = openArtifact(bytes);
    checkCompatible(opened.fields, engine.fingerprintFields);
    const { info, code } = opened.moduleParts(options.owned === true);
    checkInfo(engine, info);
    const funcs = code.funcs;
    if (funcs.length !== info.bodies.length) {
      throw new DeserializeError(
        `invalid artifact: ${funcs.length} compiled functions for ${info.bodies.length} defined functions`,
      );
    }
    for (let i = 0; i < funcs.length; i++) verifyHeader(info, i, funcs[i]!);
    const check = new CodeCheck(info, code, meteringRules(engine));
    if (options.verify === 'eager') {
      for (let i = 0; i < funcs.length; i++) Object.assign(funcs[i]!, check.open(i));
    } else {
      if (options.checksums === true) for (let i = 0; i < funcs.length; i++) code.open(i);
      deferAll(info, funcs, (i) => check.open(i));
    }
    return { info, code: funcs };
  } catch (err) {
    throw asDeserializeError(err);
  }
}

/** Opens and verifies the functions of one loaded module, sharing what the checks need. */
class CodeCheck {
  #facts: ModuleFacts | undefined;

  constructor(
    readonly info: ModuleInfo,
    readonly code: LoadedCode,
    readonly rules: MeteringRules,
  ) {}

  /**
   * Check function `i`'s checksum and code and return its words (the caller puts them in place).
   *
   * @throws DeserializeError naming the function (whatever goes wrong: it may run from inside a call).
   */
  open(i: number): { code: Int32Array; offsets: Int32Array; fuel: Int32Array | undefined } {
    const f = this.code.funcs[i]!;
    try {
      const words = this.code.open(i);
      verifyCode(this.info, i, { ...f, ...words }, this.rules, (this.#facts ??= moduleFacts(this.info)));
      return words;
    } catch (err) {
      if (err instanceof FormatError) throw new DeserializeError(`invalid artifact: function ${f.funcIndex}: ${err.message}`);
      throw asDeserializeError(err);
    }
  }
}

/** Any error of loading as a `DeserializeError`. */
function asDeserializeError(err: unknown): DeserializeError {
  if (err instanceof DeserializeError) return err;
  if (err instanceof FormatError) return new DeserializeError(err.message);
  if (err instanceof CompileError) return new DeserializeError(`invalid artifact: module info: ${err.reason}`);
  const message = err instanceof Error ? err.message : String(err);
  return new DeserializeError(`invalid artifact: ${message}`, { cause: err });
}

/**
 * Run the module validator over `info` (all but function bodies), after checking what the decoder guarantees by
 * construction and an artifact repeats: imports agree with the index spaces, and there is one initialiser per
 * defined global.
 */
function checkInfo(engine: Engine, info: ModuleInfo): void {
  const fail = (what: string): never => {
    throw new DeserializeError(`invalid artifact: module info: ${what}`);
  };
  const seen = { func: 0, table: 0, memory: 0, global: 0 };
  for (const imp of info.imports) {
    const d = imp.desc;
    const k = seen[d.kind]++;
    const same =
      d.kind === 'func' ? info.funcTypes[k] === d.typeIndex
      : d.kind === 'table' ? sameJson(info.tables[k], d.type)
      : d.kind === 'memory' ? sameJson(info.memories[k], d.type)
      : sameJson(info.globals[k], d.type);
    if (!same) fail(`import ${imp.module}.${imp.name} disagrees with ${d.kind} ${k}`);
  }
  if (
    seen.func !== info.importedFuncs ||
    seen.table !== info.importedTables ||
    seen.memory !== info.importedMemories ||
    seen.global !== info.importedGlobals ||
    info.importedFuncs > info.funcTypes.length ||
    info.importedTables > info.tables.length ||
    info.importedMemories > info.memories.length ||
    info.importedGlobals > info.globals.length
  ) {
    fail('import counts disagree with the imports');
  }
  if (info.globalInits.length !== info.globals.length - info.importedGlobals) fail('global initialisers missing');
  if (info.dataCount !== undefined && info.dataCount !== info.datas.length) fail('data count disagrees');
  try {
    validateModuleInfo(info, engine.features);
  } catch (err) {
    if (err instanceof WeftError) throw err;
    throw new DeserializeError(`invalid artifact: module info: ${(err as Error).message}`, { cause: err });
  }
}

function sameJson(a: unknown, b: unknown): boolean {
  return a !== undefined && JSON.stringify(a) === JSON.stringify(b);
}

/** What metering the engine's settings require of loaded code (see `MeteringRules`). */
function meteringRules(engine: Engine): MeteringRules {
  const c = engine.config as { consumeFuel?: boolean; epochInterruption?: boolean; fuelCosts?: unknown };
  const costs = c.fuelCosts as { operators?: Record<string, number> } | undefined;
  const free = Object.values(costs?.operators ?? {}).some((v) => v === 0);
  return { fuel: c.consumeFuel === true, fuelPerLoop: !free, epoch: c.epochInterruption === true };
}
