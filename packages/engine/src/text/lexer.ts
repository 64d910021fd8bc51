/**
 * The text format's lexer: turns WAT/WAST source into a flat token list (parallel typed arrays of kind, start
 * and end offsets, no token objects). Skips white space, line comments, nested block comments and annotations
 * `(@name …)`. A token is a maximal run of idchars and strings: a run that mixes them (`$l"a"`, `"a""b"`) is a
 * reserved token, which no rule of the grammar accepts. Strings are checked here and decoded on demand
 * (`stringBytes`). Errors are malformed `CompileError`s with line and column.
 */
import { CompileError } from '../errors.js';

/** Token kinds. */
export const Tok = {
  LParen: 0,
  RParen: 1,
  /** A keyword, number or other run of idchars not starting with `$`. */
  Atom: 2,
  /** An identifier: `$` followed by idchars. */
  Id: 3,
  String: 4,
  /** A run mixing strings and idchars: never valid. */
  Reserved: 5,
  Eof: 6,
} as const;
export type Tok = (typeof Tok)[keyof typeof Tok];

/** idchar lookup: letters, digits and ``! # $ % & ' * + - . / : < = > ? @ \ ^ _ ` | ~``. */
const ID_CHAR = new Uint8Array(128);
for (let c = 0x30; c <= 0x39; c++) ID_CHAR[c] = 1;
for (let c = 0x41; c <= 0x5a; c++) ID_CHAR[c] = 1;
for (let c = 0x61; c <= 0x7a; c++) ID_CHAR[c] = 1;
for (const ch of "!#$%&'*+-./:<=>?@\\^_`|~") ID_CHAR[ch.charCodeAt(0)] = 1;

/** The tokens of one source text. Token `i` spans `source.slice(start[i], end[i])`. */
export class Tokens {
  kind: Uint8Array;
  start: Int32Array;
  end: Int32Array;
  count = 0;

  constructor(readonly source: string) {
    const guess = Math.max(16, source.length >> 2);
    this.kind = new Uint8Array(guess);
    this.start = new Int32Array(guess);
    this.end = new Int32Array(guess);
  }

  push(kind: Tok, start: number, end: number): void {
    if (this.count === this.kind.length) {
      const n = this.count * 2;
      const k = new Uint8Array(n);
      k.set(this.kind);
      const s = new Int32Array(n);
      s.set(this.start);
      const e = new Int32Array(n);
      e.set(this.end);
      this.kind = k;
      this.start = s;
      this.end = e;
    }
    this.kind[this.count] = kind;
    this.start[this.count] = start;
    this.end[this.count] = end;
    this.count++;
  }

  /** The source text of token `i`. */
  text(i: number): string {
    return this.source.slice(this.start[i], this.end[i]);
  }

  /** Does token `i` spell exactly `word`? */
  is(i: number, word: string): boolean {
    const s = this.start[i]!;
    return this.end[i]! - s === word.length && this.source.startsWith(word, s);
  }

  /** A malformed-text error at character `offset`, with its line and column. */
  errorAt(message: string, offset: number): CompileError {
    return textError(this.source, message, offset);
  }
}

/** A malformed `CompileError` at character `offset` of `source`, with its 1-based line and column. */
export function textError(source: string, message: string, offset: number): CompileError {
  let line = 1;
  let lineStart = 0;
  for (let i = source.indexOf('\n'); i !== -1 && i < offset; i = source.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return new CompileError(message, offset, true, { line, column: offset - lineStart + 1 });
}

/** Split `source` into tokens. */
export function tokenize(source: string): Tokens {
  const t = new Tokens(source);
  const n = source.length;
  let i = 0;
  while (i < n) {
    const c = source.charCodeAt(i);
    if (c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d) {
      i++;
    } else if (c === 0x28 /* ( */) {
      const next = source.charCodeAt(i + 1);
      if (next === 0x3b /* ; */) i = skipBlockComment(t, i);
      else if (next === 0x40 /* @ */ && i + 2 < n && isIdChar(source.charCodeAt(i + 2))) i = skipAnnotation(t, i);
      else {
        t.push(Tok.LParen, i, i + 1);
        i++;
      }
    } else if (c === 0x29 /* ) */) {
      t.push(Tok.RParen, i, i + 1);
      i++;
    } else if (c === 0x3b /* ; */ && source.charCodeAt(i + 1) === 0x3b) {
      const eol = source.indexOf('\n', i);
      i = eol === -1 ? n : eol + 1;
    } else if (c === 0x22 /* " */ || isIdChar(c)) {
      i = lexRun(t, i);
    } else {
      throw t.errorAt(c === 0x3b ? 'unexpected character ";"' : 'unexpected character', i);
    }
  }
  t.push(Tok.Eof, n, n);
  return t;
}

function isIdChar(c: number): boolean {
  return c < 128 && ID_CHAR[c] === 1;
}

/** A run of idchars and strings starting at `i`; returns the offset after it. */
function lexRun(t: Tokens, start: number): number {
  const src = t.source;
  let i = start;
  let strings = 0;
  let chars = 0;
  for (;;) {
    const c = src.charCodeAt(i);
    if (c === 0x22) {
      i = skipString(t, i);
      strings++;
    } else if (isIdChar(c)) {
      i++;
      chars++;
    } else break;
  }
  let kind: Tok;
  if (strings === 1 && chars === 0) kind = Tok.String;
  else if (strings > 0) kind = Tok.Reserved;
  else kind = src.charCodeAt(start) === 0x24 && i - start > 1 ? Tok.Id : Tok.Atom;
  t.push(kind, start, i);
  return i;
}

/** Check the string starting at the quote at `i`; returns the offset after its closing quote. */
function skipString(t: Tokens, start: number): number {
  const src = t.source;
  let i = start + 1;
  for (;;) {
    if (i >= src.length) throw t.errorAt('unclosed string', start);
    const c = src.charCodeAt(i);
    if (c === 0x22) return i + 1;
    if (c === 0x5c /* \ */) {
      const e = src.charCodeAt(i + 1);
      if (e === 0x75 /* u */) {
        const m = /^\{([0-9a-fA-F](?:_?[0-9a-fA-F])*)\}/.exec(src.slice(i + 2, i + 16));
        if (!m) throw t.errorAt('illegal escape', i);
        const cp = parseInt(m[1]!.replace(/_/g, ''), 16);
        if (cp >= 0x110000 || (cp >= 0xd800 && cp < 0xe000)) throw t.errorAt('illegal escape', i);
        i += 2 + m[0].length;
      } else if (isHex(e) && isHex(src.charCodeAt(i + 2))) i += 3;
      else if (e === 0x74 || e === 0x6e || e === 0x72 || e === 0x22 || e === 0x27 || e === 0x5c) i += 2;
      else throw t.errorAt('illegal escape', i);
    } else if (c < 0x20 || c === 0x7f) {
      throw t.errorAt('illegal control character in string', i);
    } else i++;
  }
}

function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);
}

/** Skip a (possibly nested) block comment `(; … ;)` starting at `i`. */
function skipBlockComment(t: Tokens, start: number): number {
  const src = t.source;
  let depth = 0;
  let i = start;
  while (i < src.length) {
    const c = src.charCodeAt(i);
    if (c === 0x28 && src.charCodeAt(i + 1) === 0x3b) {
      depth++;
      i += 2;
    } else if (c === 0x3b && src.charCodeAt(i + 1) === 0x29) {
      depth--;
      i += 2;
      if (depth === 0) return i;
    } else i++;
  }
  throw t.errorAt('unclosed comment', start);
}

/** Skip an annotation `(@id …)` with balanced parentheses, strings and comments inside. */
function skipAnnotation(t: Tokens, start: number): number {
  const src = t.source;
  let depth = 0;
  let i = start;
  while (i < src.length) {
    const c = src.charCodeAt(i);
    if (c === 0x28 && src.charCodeAt(i + 1) === 0x3b) i = skipBlockComment(t, i);
    else if (c === 0x3b && src.charCodeAt(i + 1) === 0x3b) {
      const eol = src.indexOf('\n', i);
      i = eol === -1 ? src.length : eol + 1;
    } else if (c === 0x22) i = skipString(t, i);
    else if (c === 0x28) {
      depth++;
      i++;
    } else if (c === 0x29) {
      depth--;
      i++;
      if (depth === 0) return i;
    } else i++;
  }
  throw t.errorAt('unclosed annotation', start);
}

const ENCODER = new TextEncoder();

/** The bytes a string token stands for (escapes decoded, characters as UTF-8). */
export function stringBytes(t: Tokens, i: number): Uint8Array {
  const src = t.source;
  const s = t.start[i]! + 1;
  const e = t.end[i]! - 1;
  if (src.indexOf('\\', s) === -1 || src.indexOf('\\', s) >= e) return ENCODER.encode(src.slice(s, e));
  const out: number[] = [];
  let run = s;
  const flush = (to: number) => {
    if (to > run) for (const b of ENCODER.encode(src.slice(run, to))) out.push(b);
  };
  for (let k = s; k < e; ) {
    if (src.charCodeAt(k) !== 0x5c) {
      k++;
      continue;
    }
    flush(k);
    const c = src[k + 1]!;
    if (c === 'u') {
      const close = src.indexOf('}', k);
      const cp = parseInt(src.slice(k + 3, close).replace(/_/g, ''), 16);
      for (const b of ENCODER.encode(String.fromCodePoint(cp))) out.push(b);
      k = close + 1;
    } else if (c === 't' || c === 'n' || c === 'r') {
      out.push(c === 't' ? 9 : c === 'n' ? 10 : 13);
      k += 2;
    } else if (c === '"' || c === "'" || c === '\\') {
      out.push(c.charCodeAt(0));
      k += 2;
    } else {
      out.push(parseInt(src.slice(k + 1, k + 3), 16));
      k += 3;
    }
    run = k;
  }
  flush(e);
  return Uint8Array.from(out);
}
