/**
 * `.wast` scripts for the runner: `parseWast` (the engine's text front end) reads a script into commands of the
 * wast2json shape, each module carried as a file with its bytes. This adapter splits them into the runner's
 * `Script` and an in-memory file table for the session, so a `.wast` file runs exactly like its converted JSON.
 */
import { parseWast } from '@weft/engine';
import type { Script, ScriptCommand } from './script.js';

/** A `.wast` script as the runner takes it: the commands, and the module files they name. */
export interface WastScriptFiles {
  script: Script;
  /** Module files by name (`<name>.<N>.wasm` binaries, `<name>.<N>.wat` texts for `module quote`). */
  files: Map<string, Uint8Array>;
}

/**
 * Read a `.wast` script.
 * @throws CompileError with line and column when the script is not well formed.
 */
export function readWastScript(source: string, filename: string): WastScriptFiles {
  const parsed = parseWast(source, filename);
  const files = new Map<string, Uint8Array>();
  const commands: ScriptCommand[] = parsed.commands.map((cmd) => {
    if (!('bytes' in cmd)) return cmd as ScriptCommand;
    const { bytes, ...rest } = cmd;
    files.set(rest.filename, bytes);
    return rest as ScriptCommand;
  });
  return { script: { source_filename: parsed.source_filename, commands }, files };
}
