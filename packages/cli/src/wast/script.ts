/**
 * The shape of a wabt `wast2json` command file: a list of commands (module, register, action and the
 * `assert_*` family), each with the line of the `.wast` script it came from, and the JSON spelling of values
 * (decimal bit patterns as strings, `nan:canonical`/`nan:arithmetic` patterns, reference values).
 * Only the fields the runner reads are typed; wabt writes a few more.
 */

/** A value as wast2json writes it. Numbers are unsigned decimal bit patterns; `value` may be absent for refs. */
export interface ScriptValue {
  type: string;
  /** Scalars: a decimal string or a NaN pattern. v128: one string per lane. Refs: a number, `"null"` or absent. */
  value?: string | string[];
  /** v128 only: the lane type (`i8` `i16` `i32` `i64` `f32` `f64`). */
  lane_type?: string;
}

/** `invoke` calls an exported function; `get` reads an exported global. `module` names a `$module`, else the last. */
export interface ScriptAction {
  type: 'invoke' | 'get';
  module?: string;
  field: string;
  args?: ScriptValue[];
}

interface Base {
  line: number;
}

/** A module given as a file beside the command file; `text` modules (`.wat`) cannot be run without a text parser. */
interface ModuleRef {
  filename: string;
  module_type?: 'binary' | 'text';
}

export type ScriptCommand =
  | (Base & { type: 'module'; name?: string; filename: string; module_type?: 'binary' | 'text' })
  | (Base & { type: 'register'; name?: string; as: string })
  | (Base & { type: 'action'; action: ScriptAction; expected?: ScriptValue[] })
  | (Base & { type: 'assert_return'; action: ScriptAction; expected?: ScriptValue[]; either?: ScriptValue[] })
  | (Base & { type: 'assert_trap'; action: ScriptAction; text: string })
  | (Base & { type: 'assert_exhaustion'; action: ScriptAction; text: string })
  | (Base & ModuleRef & { type: 'assert_invalid'; text: string })
  | (Base & ModuleRef & { type: 'assert_malformed'; text: string })
  | (Base & ModuleRef & { type: 'assert_unlinkable'; text: string })
  | (Base & ModuleRef & { type: 'assert_uninstantiable'; text: string })
  | (Base & { type: 'assert_exception'; action: ScriptAction });

/** A whole command file. */
export interface Script {
  source_filename: string;
  commands: ScriptCommand[];
}

/** Parse a command file's text, checking only the outline (so a broken file fails with a clear message). */
export function parseScript(text: string): Script {
  const json: unknown = JSON.parse(text);
  if (typeof json !== 'object' || json === null || !Array.isArray((json as Script).commands)) {
    throw new Error('not a wast2json command file (no "commands" array)');
  }
  return json as Script;
}
