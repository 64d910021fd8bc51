/**
 * A cursor over a token list: peeking at and consuming parentheses, keywords, identifiers, strings, names and
 * numbers, skipping balanced groups, and making text errors at a token's position. Every parser stage reads its
 * tokens through it.
 */
import type { CompileError } from '../errors.js';
import { stringBytes, Tok, type Tokens } from './lexer.js';
import { parseU32 } from './numbers.js';

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export class Cursor {
  constructor(
    readonly t: Tokens,
    public pos = 0,
  ) {}

  /** A malformed error at token `i` (default: the current one). */
  error(message: string, i = this.pos): CompileError {
    return this.t.errorAt(message, this.t.start[Math.min(i, this.t.count - 1)]!);
  }

  /** "unexpected token" (or "unexpected end" at the end of input) at the current token. */
  unexpected(): CompileError {
    return this.error(this.kind() === Tok.Eof ? 'unexpected end' : 'unexpected token');
  }

  kind(i = this.pos): Tok {
    return this.t.kind[i] as Tok;
  }

  isLParen(): boolean {
    return this.t.kind[this.pos] === Tok.LParen;
  }

  isRParen(): boolean {
    return this.t.kind[this.pos] === Tok.RParen;
  }

  /** Is the current token the keyword `word`? */
  isKeyword(word: string, i = this.pos): boolean {
    return this.t.kind[i] === Tok.Atom && this.t.is(i, word);
  }

  /** Is token `i` (default: the current one) `(` followed by the keyword `word`? */
  isGroup(word: string, i = this.pos): boolean {
    return this.t.kind[i] === Tok.LParen && this.isKeyword(word, i + 1);
  }

  /** The keyword after `(` at the current position, if any. */
  groupHead(): string | undefined {
    if (this.t.kind[this.pos] !== Tok.LParen || this.t.kind[this.pos + 1] !== Tok.Atom) return undefined;
    return this.t.text(this.pos + 1);
  }

  /** The current atom's text, if it is an atom. */
  atom(): string | undefined {
    return this.t.kind[this.pos] === Tok.Atom ? this.t.text(this.pos) : undefined;
  }

  lparen(): void {
    if (this.t.kind[this.pos] !== Tok.LParen) throw this.unexpected();
    this.pos++;
  }

  rparen(): void {
    if (this.t.kind[this.pos] !== Tok.RParen) throw this.unexpected();
    this.pos++;
  }

  keyword(word: string): void {
    if (!this.isKeyword(word)) throw this.unexpected();
    this.pos++;
  }

  /** Consume `(` and the keyword `word`. */
  group(word: string): void {
    this.lparen();
    this.keyword(word);
  }

  /** Consume an identifier if there is one. */
  id(): string | undefined {
    if (this.t.kind[this.pos] !== Tok.Id) return undefined;
    return this.t.text(this.pos++);
  }

  isString(): boolean {
    return this.t.kind[this.pos] === Tok.String;
  }

  /** Consume a string's bytes. */
  string(): Uint8Array {
    if (this.t.kind[this.pos] !== Tok.String) throw this.unexpected();
    return stringBytes(this.t, this.pos++);
  }

  /** Consume a string that must be valid UTF-8 (names of imports, exports). */
  name(): string {
    const at = this.pos;
    if (this.t.kind[at] === Tok.String) {
      // Without escapes the name is the source text itself (already valid Unicode).
      const s = this.t.start[at]! + 1;
      const e = this.t.end[at]! - 1;
      const text = this.t.source.slice(s, e);
      if (text.indexOf('\\') === -1) {
        this.pos++;
        return text;
      }
    }
    const bytes = this.string();
    try {
      return UTF8.decode(bytes);
    } catch {
      throw this.error('malformed UTF-8 encoding', at);
    }
  }

  /** Consume an unsigned 32-bit integer. */
  u32(): number {
    const n = this.maybeU32();
    if (n === undefined) throw this.unexpected();
    return n;
  }

  /** Consume an unsigned 32-bit integer if the current token is one. */
  maybeU32(): number | undefined {
    if (this.t.kind[this.pos] !== Tok.Atom) return undefined;
    let n: number | undefined;
    try {
      n = parseU32(this.t.text(this.pos));
    } catch {
      throw this.error('constant out of range');
    }
    if (n !== undefined) this.pos++;
    return n;
  }

  /** From a `(`, move past its matching `)`. */
  skipGroup(): void {
    let depth = 0;
    const kinds = this.t.kind;
    for (;;) {
      const k = kinds[this.pos++];
      if (k === Tok.LParen) depth++;
      else if (k === Tok.RParen) {
        if (--depth === 0) return;
      } else if (k === Tok.Eof) {
        this.pos--;
        throw this.unexpected();
      }
    }
  }
}
