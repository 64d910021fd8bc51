/**
 * Module artifacts from the engine's side: `serializeModule` writes a module's info and code with the engine's
 * fingerprint; `deserializeModule` reads one back as untrusted input — container and checksum (`@weft/serialize`),
 * compatibility field by field (`fingerprint.ts`), the module info through the module validator (every index,
 * type and constant expression, with stand-in function bodies since the artifact holds compiled code instead),
 * and every function's code (`verify.ts`). Whatever goes wrong comes out as a `DeserializeError`.
 */
import { FormatError, encodeArtifact, openArtifact, type CompiledFunction, type ModuleInfo } from '@weft/serialize';
import type { Engine } from '../engine.js';
import { CompileError, DeserializeError, WeftError } from '../errors.js';
import { validateModule } from '../validate/module.js';
import { checkCompatible } from './fingerprint.js';
import { moduleFacts, verifyFunction, type MeteringRules } from './verify.js';

/** A module's decoded info and compiled code. */
export interface ModuleParts {
  info: ModuleInfo;
  code: readonly CompiledFunction[];
}

/** Write an artifact for a module compiled by `engine`. */
export function serializeModule(engine: Engine, parts: ModuleParts): Uint8Array {
  return encodeArtifact({ fields: engine.fingerprintFields, info: parts.info, code: parts.code });
}

/**
 * Read and check an artifact for `engine`.
 *
 * @throws DeserializeError when it is not an artifact, is truncated or corrupt, was compiled by another weft or
 *   with other settings (naming the field), or its module info or code does not check out.
 */
export function deserializeModule(engine: Engine, bytes: Uint8Array): ModuleParts {
  try {
    const opened = openArtifact(bytes);
    checkCompatible(opened.fields, engine.fingerprintFields);
    const { info, code } = opened.module();
    checkInfo(engine, info);
    if (code.length !== info.bodies.length) {
      throw new DeserializeError(
        `invalid artifact: ${code.length} compiled functions for ${info.bodies.length} defined functions`,
      );
    }
    const rules = meteringRules(engine);
    const facts = moduleFacts(info);
    for (let i = 0; i < code.length; i++) verifyFunction(info, i, code[i]!, rules, facts);
    return { info, code };
  } catch (err) {
    if (err instanceof DeserializeError) throw err;
    if (err instanceof FormatError) throw new DeserializeError(err.message);
    if (err instanceof CompileError) throw new DeserializeError(`invalid artifact: module info: ${err.reason}`);
    const message = err instanceof Error ? err.message : String(err);
    throw new DeserializeError(`invalid artifact: ${message}`, { cause: err });
  }
}

/** A body that validates for every function type: `unreachable end`. */
const STAND_IN = new Uint8Array([0x00, 0x0b]);

/**
 * Run the module validator over `info`, with a stand-in for each function body, after checking what the
 * decoder guarantees by construction and an artifact repeats: imports agree with the index spaces, and there
 * is one initialiser per defined global.
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
  const bodies = info.bodies.map(() => ({ locals: [], localCount: 0, codeStart: 0, codeEnd: 2, bodyOffset: 0 }));
  try {
    validateModule({ ...info, bodies }, STAND_IN, engine.features);
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
