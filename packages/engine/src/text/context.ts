/**
 * The state of one module being assembled from text: the identifier maps and item counts of every index space
 * (filled by the scan pass, so forward references resolve), the function types (explicit ones first, implicit
 * ones appended in order of first use, as the spec says), and the section contents written so far. Also the
 * per-function state (locals and labels) used while encoding a body or a constant expression.
 */
import type { Cursor } from './cursor.js';
import { Tok } from './lexer.js';
import { Writer } from './writer.js';

/** Index spaces with identifiers. */
export type Space = 'type' | 'func' | 'table' | 'memory' | 'global' | 'elem' | 'data';

/** Words used in "unknown …" / "duplicate …" messages. */
const UNKNOWN: Record<Space, string> = {
  type: 'type',
  func: 'function',
  table: 'table',
  memory: 'memory',
  global: 'global',
  elem: 'elem segment',
  data: 'data segment',
};

/** A function type as value type codes. */
export interface Sig {
  params: number[];
  results: number[];
}

export function sigKey(s: Sig): string {
  return `${s.params.join(',')}>${s.results.join(',')}`;
}

export class ModuleContext {
  readonly names: Record<Space, Map<string, number>> = {
    type: new Map(),
    func: new Map(),
    table: new Map(),
    memory: new Map(),
    global: new Map(),
    elem: new Map(),
    data: new Map(),
  };
  /** Items of each space seen by the scan pass. */
  readonly counts: Record<Space, number> = { type: 0, func: 0, table: 0, memory: 0, global: 0, elem: 0, data: 0 };
  readonly types: Sig[] = [];
  readonly #typeByKey = new Map<string, number>();

  // Section contents (written by the field pass).
  readonly imports = new Writer();
  importCount = 0;
  readonly funcTypes: number[] = [];
  readonly tables = new Writer();
  tableCount = 0;
  readonly memories = new Writer();
  memoryCount = 0;
  readonly globals = new Writer();
  globalCount = 0;
  readonly exports = new Writer();
  exportCount = 0;
  start: number | undefined;
  readonly elems = new Writer();
  elemCount = 0;
  readonly datas = new Writer();
  dataCount = 0;
  readonly code = new Writer();
  /** A `memory.init` or `data.drop` was written: the data count section is needed. */
  usesDataCount = false;

  /** Running indices of the field pass, per space. */
  readonly next: Record<Space, number> = { type: 0, func: 0, table: 0, memory: 0, global: 0, elem: 0, data: 0 };

  constructor(readonly c: Cursor) {}

  /** Record an item of `space` (scan pass): its index, and its identifier if any. */
  define(space: Space, id: string | undefined, at: number): number {
    const index = this.counts[space]++;
    if (id !== undefined) {
      if (this.names[space].has(id)) throw this.c.error(`duplicate ${space}`, at);
      this.names[space].set(id, index);
    }
    return index;
  }

  /** Add an explicit type (scan pass). */
  addType(sig: Sig): void {
    const key = sigKey(sig);
    if (!this.#typeByKey.has(key)) this.#typeByKey.set(key, this.types.length);
    this.types.push(sig);
  }

  /** The first type equal to `sig`, appended as an implicit type if there is none. */
  typeFor(sig: Sig): number {
    const key = sigKey(sig);
    let index = this.#typeByKey.get(key);
    if (index === undefined) {
      index = this.types.length;
      this.types.push(sig);
      this.#typeByKey.set(key, index);
    }
    return index;
  }

  /** The first type equal to `sig`, if any, without adding one. */
  findType(sig: Sig): number | undefined {
    return this.#typeByKey.get(sigKey(sig));
  }

  /** Consume an index of `space`: a number, or an identifier defined in the module. */
  index(space: Space): number {
    const c = this.c;
    if (c.kind() === Tok.Id) {
      const index = this.names[space].get(c.t.text(c.pos));
      if (index === undefined) throw c.error(`unknown ${UNKNOWN[space]}`);
      c.pos++;
      return index;
    }
    return c.u32();
  }

  /** Is there an index (number or identifier) at token `i` (default: the cursor)? */
  isIndex(i = this.c.pos): boolean {
    const c = this.c;
    if (c.kind(i) === Tok.Id) return true;
    if (c.kind(i) !== Tok.Atom) return false;
    const ch = c.t.source.charCodeAt(c.t.start[i]!);
    return ch >= 0x30 && ch <= 0x39;
  }
}

/** Locals and labels of the function (or constant expression) being encoded. */
export class FuncContext {
  /** Local identifiers → indices. */
  readonly locals = new Map<string, number>();
  /** Label identifiers of the enclosing blocks, innermost last (`undefined` for unnamed blocks). */
  readonly labels: (string | undefined)[] = [];

  constructor(
    readonly m: ModuleContext,
    readonly w: Writer,
  ) {}
}
