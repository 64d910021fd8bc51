/**
 * Keyword tables for the text front end: plain objects without a prototype, so that looking up any word of the
 * source (`constructor`, `toString`, `__proto__`) finds only the table's own entries, never `Object.prototype`'s;
 * and reading the keyword at the cursor through one.
 */
import type { Cursor } from './cursor.js';

/** A frozen copy of `entries` with no prototype, for lookups by untrusted words. */
export function keywords<T>(entries: Record<string, T>): Readonly<Record<string, T>> {
  return Object.freeze(Object.assign(Object.create(null) as Record<string, T>, entries));
}

/** The entry of `table` that the keyword at the cursor names, consuming it; "unexpected token" if none does. */
export function readKeyword<T>(c: Cursor, table: Readonly<Record<string, T>>): T {
  const word = c.atom();
  const entry = word === undefined ? undefined : table[word];
  if (entry === undefined) throw c.unexpected();
  c.pos++;
  return entry;
}
