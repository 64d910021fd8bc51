/**
 * `wat2wasm`: the text format front end. WebAssembly text (`(module …)` or bare module fields) becomes module
 * bytes, which then go through the normal pipeline (decode, validate, compile). Like wabt's `wat2wasm` it
 * checks the text (syntax, identifiers, literal ranges, inline type agreement) but does not validate: that is
 * the validator's job. Also reads the script forms `(module binary "…")` and `(module quote "…")`.
 */
import { CompileError } from '../errors.js';
import { assembleFields } from './assemble.js';
import { Cursor } from './cursor.js';
import { Tok, tokenize } from './lexer.js';

/** A `(module …)` form of a script: text (already encoded), binary, or quoted text (parsed when used). */
export type ModuleForm =
  | { kind: 'text'; id: string | undefined; bytes: Uint8Array }
  | { kind: 'binary'; id: string | undefined; bytes: Uint8Array }
  | { kind: 'quote'; id: string | undefined; text: string };

const DECODER = new TextDecoder('utf-8', { ignoreBOM: true });

/** Read a `(module $id? …)` form at the cursor. */
export function moduleForm(c: Cursor): ModuleForm {
  c.group('module');
  const id = c.id();
  let form: ModuleForm;
  if (c.isKeyword('binary') || c.isKeyword('quote')) {
    const binary = c.isKeyword('binary');
    c.pos++;
    const parts: Uint8Array[] = [];
    while (c.isString()) parts.push(c.string());
    const bytes = concat(parts);
    form = binary ? { kind: 'binary', id, bytes } : { kind: 'quote', id, text: DECODER.decode(bytes) };
  } else form = { kind: 'text', id, bytes: assembleFields(c) };
  c.rparen();
  return form;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * Convert WebAssembly text to a module binary.
 *
 * @remarks
 * Accepts the full Wasm 2.0 text format: folded and flat instructions, identifiers, inline imports, exports and
 * function types, inline element and data segments, every numeric literal form. The result is not validated:
 * pass it to `new Module(engine, bytes)` (or pass the text itself, which calls this).
 *
 * @throws CompileError (`malformed: true`) with `line` and `column` when the text is not a well-formed module.
 * @example
 * ```ts
 * const bytes = wat2wasm('(module (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))');
 * const module = new Module(engine, bytes);
 * ```
 */
export function wat2wasm(text: string): Uint8Array {
  const c = new Cursor(tokenize(text));
  try {
    let bytes: Uint8Array;
    if (c.isGroup('module')) {
      const form = moduleForm(c);
      bytes = form.kind === 'quote' ? wat2wasm(form.text) : form.bytes;
    } else bytes = assembleFields(c);
    if (c.kind() !== Tok.Eof) throw c.unexpected();
    return bytes;
  } catch (err) {
    if (err instanceof CompileError) throw err;
    // A literal or construct this parser did not anticipate: still a text error with a position.
    throw c.error(err instanceof Error ? err.message : String(err));
  }
}
