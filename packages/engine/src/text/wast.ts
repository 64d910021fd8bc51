/**
 * The `.wast` script front end: `parseWast(source, filename)` reads a spec test script into a list of commands
 * in the shape of wabt's `wast2json` JSON (`module`, `register`, `action`, every `assert_*`), so one runner
 * serves both. Module-bearing commands carry their module as a "file": a `filename` like wast2json's
 * (`name.N.wasm` / `name.N.wat`), a `module_type`, and the file's `bytes`. Text modules are encoded here;
 * `(module quote …)` keeps its text (`module_type: 'text'`) and is parsed when the command runs, so a malformed
 * one is reported by its `assert_malformed`.
 */
import { CompileError } from '../errors.js';
import { assembleFields } from './assemble.js';
import { Cursor } from './cursor.js';
import { Tok, tokenize } from './lexer.js';
import { parseF32, parseF64, parseI32, parseI64, parseU32 } from './numbers.js';
import { v128Const } from './simd.js';
import { moduleForm } from './wat2wasm.js';
import { keywords } from './keywords.js';

/** A value as wast2json writes it: unsigned decimal bit patterns, NaN patterns, reference values. */
export interface WastValue {
  type: string;
  value?: string | string[];
  /** v128 only: the lane shape. */
  lane_type?: string;
}

export interface WastAction {
  type: 'invoke' | 'get';
  /** `$name` of the module, when the action names one. */
  module?: string;
  field: string;
  /** `invoke` only. */
  args?: WastValue[];
}

/** A module in a command: a file in wast2json's terms, with its contents. */
export interface WastModule {
  filename: string;
  /** `binary`: module bytes; `text`: WebAssembly text (UTF-8), parsed when the command runs. */
  module_type: 'binary' | 'text';
  bytes: Uint8Array;
}

interface Line {
  line: number;
}

export type WastCommand =
  | (Line & WastModule & { type: 'module'; name?: string })
  | (Line & { type: 'register'; name?: string; as: string })
  | (Line & { type: 'action'; action: WastAction; expected: WastValue[] })
  | (Line & { type: 'assert_return'; action: WastAction; expected?: WastValue[]; either?: WastValue[] })
  | (Line & { type: 'assert_trap' | 'assert_exhaustion'; action: WastAction; text: string; expected: WastValue[] })
  | (Line & { type: 'assert_exception'; action: WastAction; expected: WastValue[] })
  | (Line &
      WastModule & {
        type: 'assert_invalid' | 'assert_malformed' | 'assert_unlinkable' | 'assert_uninstantiable';
        text: string;
      });

/** A parsed script, like a wast2json command file. */
export interface WastScript {
  source_filename: string;
  commands: WastCommand[];
}

const ENCODER = new TextEncoder();

/** Keywords of module fields: a script starting with one is a bare module. */
const MODULE_FIELDS = new Set(['type', 'import', 'func', 'table', 'memory', 'global', 'export', 'start', 'elem', 'data']);

/** The module file fields in wast2json's order, with the assertion's text between. */
function fileWithText(file: WastModule, text: string) {
  return { filename: file.filename, text, module_type: file.module_type, bytes: file.bytes };
}

/**
 * Parse a `.wast` script.
 *
 * @param filename used for `source_filename` and to name the module files (`<base>.<N>.wasm`).
 * @throws CompileError (`malformed: true`) with `line` and `column` when the script itself is not well formed.
 */
export function parseWast(source: string, filename = 'script.wast'): WastScript {
  return new WastParser(source, filename).script();
}

class WastParser {
  readonly c: Cursor;
  readonly base: string;
  #modules = 0;
  #lineAt = 0;
  #line = 1;

  constructor(
    readonly source: string,
    readonly filename: string,
  ) {
    this.c = new Cursor(tokenize(source));
    this.base = (filename.split(/[\\/]/).pop() ?? filename).replace(/\.wast$/, '');
  }

  script(): WastScript {
    const c = this.c;
    const commands: WastCommand[] = [];
    const head = c.groupHead();
    if (head !== undefined && MODULE_FIELDS.has(head)) {
      // A script that is one module's fields, without `(module …)`.
      const bytes = assembleFields(c);
      if (c.kind() !== Tok.Eof) throw c.unexpected();
      commands.push({ type: 'module', line: 1, filename: `${this.base}.0.wasm`, module_type: 'binary', bytes });
      return { source_filename: this.filename, commands };
    }
    while (c.kind() !== Tok.Eof) commands.push(this.command());
    return { source_filename: this.filename, commands };
  }

  /** The 1-based line of token `i` (counted on from the last token asked about). */
  lineOf(i: number): number {
    const offset = this.c.t.start[i]!;
    if (offset < this.#lineAt) {
      this.#lineAt = 0;
      this.#line = 1;
    }
    const src = this.source;
    for (let k = src.indexOf('\n', this.#lineAt); k !== -1 && k < offset; k = src.indexOf('\n', k + 1)) this.#line++;
    this.#lineAt = offset;
    return this.#line;
  }

  command(): WastCommand {
    const c = this.c;
    const head = c.groupHead();
    const at = c.pos;
    switch (head) {
      case 'module': {
        const line = this.lineOf(at + 1);
        const m = this.module();
        const name = m.name;
        return name === undefined
          ? { type: 'module', line, ...m.file }
          : { type: 'module', line, name, ...m.file };
      }
      case 'register': {
        const line = this.lineOf(at + 1);
        c.pos += 2;
        const as = c.name();
        const name = c.id();
        c.rparen();
        return name === undefined ? { type: 'register', line, as } : { type: 'register', line, name, as };
      }
      case 'invoke':
      case 'get': {
        const line = this.lineOf(at + 1);
        return { type: 'action', line, action: this.action(), expected: [] };
      }
      case 'assert_return': {
        c.pos += 2;
        const line = this.lineOf(c.pos + 1);
        const action = this.action();
        if (c.isGroup('either')) {
          c.pos += 2;
          const either: WastValue[] = [];
          while (!c.isRParen()) either.push(this.value(true));
          c.rparen();
          c.rparen();
          return { type: 'assert_return', line, action, either };
        }
        const expected = this.values(true);
        c.rparen();
        return { type: 'assert_return', line, action, expected };
      }
      case 'assert_trap': {
        c.pos += 2;
        const line = this.lineOf(c.pos + 1);
        if (c.isGroup('module')) {
          const m = this.module();
          const text = this.text();
          c.rparen();
          return { type: 'assert_uninstantiable', line, ...fileWithText(m.file, text) };
        }
        const action = this.action();
        const text = this.text();
        c.rparen();
        return { type: 'assert_trap', line, action, text, expected: [] };
      }
      case 'assert_exhaustion': {
        c.pos += 2;
        const line = this.lineOf(c.pos + 1);
        const action = this.action();
        const text = this.text();
        c.rparen();
        return { type: 'assert_exhaustion', line, action, text, expected: [] };
      }
      case 'assert_exception': {
        c.pos += 2;
        const line = this.lineOf(c.pos + 1);
        const action = this.action();
        c.rparen();
        return { type: 'assert_exception', line, action, expected: [] };
      }
      case 'assert_malformed':
      case 'assert_invalid':
      case 'assert_unlinkable': {
        c.pos += 2;
        const line = this.lineOf(c.pos + 1);
        const m = this.module();
        const text = this.text();
        c.rparen();
        return { type: head, line, ...fileWithText(m.file, text) };
      }
      default:
        throw c.error(head === undefined ? 'unexpected token' : `unknown command ${head}`);
    }
  }

  /** A `(module …)` form as a module file; text modules that fail to encode keep their text. */
  module(): { name: string | undefined; file: WastModule } {
    const c = this.c;
    const start = c.pos;
    const n = this.#modules++;
    let form;
    try {
      form = moduleForm(c);
    } catch (err) {
      if (!(err instanceof CompileError)) throw err;
      // Report the error when the command runs: keep the module's text.
      c.pos = start + 2;
      const name = c.id();
      c.pos = start;
      c.skipGroup();
      const text = this.source.slice(c.t.start[start]!, c.t.end[c.pos - 1]!);
      return { name, file: { filename: `${this.base}.${n}.wat`, module_type: 'text', bytes: ENCODER.encode(text) } };
    }
    if (form.kind === 'quote') {
      const bytes = ENCODER.encode(form.text);
      return { name: form.id, file: { filename: `${this.base}.${n}.wat`, module_type: 'text', bytes } };
    }
    return { name: form.id, file: { filename: `${this.base}.${n}.wasm`, module_type: 'binary', bytes: form.bytes } };
  }

  /** `(invoke $m? "name" const*)` or `(get $m? "name")`. */
  action(): WastAction {
    const c = this.c;
    const head = c.groupHead();
    if (head !== 'invoke' && head !== 'get') throw c.unexpected();
    c.pos += 2;
    const module = c.id();
    const field = c.name();
    const action: WastAction = module === undefined ? { type: head, field } : { type: head, module, field };
    if (head === 'invoke') action.args = this.values(false);
    c.rparen();
    return action;
  }

  /** The expected message of an assertion. */
  text(): string {
    return this.c.name();
  }

  values(result: boolean): WastValue[] {
    const out: WastValue[] = [];
    while (this.c.isLParen()) out.push(this.value(result));
    return out;
  }

  /** A constant `(i32.const 1)`, `(ref.null func)`, …; in results also NaN patterns and `(ref.func)`. */
  value(result: boolean): WastValue {
    const c = this.c;
    c.lparen();
    const head = c.atom();
    if (head === undefined) throw c.unexpected();
    c.pos++;
    let v: WastValue;
    switch (head) {
      case 'i32.const':
        v = { type: 'i32', value: String(this.literal(parseI32) >>> 0) };
        break;
      case 'i64.const':
        v = { type: 'i64', value: BigInt.asUintN(64, this.literal(parseI64)).toString() };
        break;
      case 'f32.const':
      case 'f64.const': {
        const type = head.slice(0, 3);
        const word = c.atom();
        if (result && (word === 'nan:canonical' || word === 'nan:arithmetic')) {
          c.pos++;
          v = { type, value: word };
        } else if (type === 'f32') v = { type, value: String(this.literal(parseF32)) };
        else v = { type, value: this.literal(parseF64).toString() };
        break;
      }
      case 'ref.null': {
        const word = c.atom();
        if (word !== 'func' && word !== 'extern') throw c.unexpected();
        c.pos++;
        v = { type: `${word}ref`, value: 'null' };
        break;
      }
      case 'ref.extern':
        if (result && c.isRParen()) v = { type: 'externref' };
        else v = { type: 'externref', value: String(this.literal(parseU32)) };
        break;
      case 'ref.func':
        if (!result) throw c.unexpected();
        v = { type: 'funcref' };
        break;
      default:
        v = this.extraValue(head, result);
    }
    c.rparen();
    return v;
  }

  /** Values of later proposals (`v128.const`): a hook for their rows. */
  extraValue(head: string, result: boolean): WastValue {
    const extra = EXTRA_VALUES[head];
    if (extra === undefined) throw this.c.error('unexpected token', this.c.pos - 1);
    return extra(this, result);
  }

  /** The literal token at the cursor, parsed by `parse`. */
  literal<T>(parse: (s: string) => T | undefined): T {
    const c = this.c;
    const word = c.atom();
    let v: T | undefined;
    try {
      v = word === undefined ? undefined : parse(word);
    } catch {
      throw c.error('constant out of range');
    }
    if (v === undefined) throw c.unexpected();
    c.pos++;
    return v;
  }
}

/** Constant forms beyond the scalar ones, by keyword. */
export const EXTRA_VALUES = keywords<(p: WastParser, result: boolean) => WastValue>({
  'v128.const': (p, result) => {
    const v = v128Const(p.c, result);
    return { type: 'v128', lane_type: v.shape.slice(0, 3).replace(/x$/, ''), value: v.lanes };
  },
});
