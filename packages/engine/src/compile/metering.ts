/**
 * What the compiler needs to meter guests: the fuel cost of every wasm operator (Wasmtime's defaults from the
 * opcode table — 0 for `nop drop block loop unreachable return else end`, 1 for everything else — with per-operator
 * overrides), the units per fuel that bulk memory and table operators pay for their length, and whether epoch
 * checks are compiled. `NO_METERING` compiles neither, so unmetered code carries no metering instructions at all.
 */
import { OPS } from '../binary/opcodes.js';

/** Metering settings for the compiler. */
export interface Metering {
  /** Fuel cost by wasm op id, or `undefined` when fuel is not metered. */
  readonly fuel: Uint32Array | undefined;
  /** Bulk memory operators (`memory.copy`, `memory.fill`, `memory.init`) pay 1 fuel per this many bytes. */
  readonly bytesPerFuel: number;
  /** Bulk table operators (`table.copy`, `table.fill`, `table.init`) pay 1 fuel per this many elements. */
  readonly elementsPerFuel: number;
  /** Compile epoch checks at function entries and loop heads. */
  readonly epochs: boolean;
}

/** No fuel, no epochs: the default, which pays nothing. */
export const NO_METERING: Metering = Object.freeze({ fuel: undefined, bytesPerFuel: 64, elementsPerFuel: 8, epochs: false });

const BY_NAME = new Map(OPS.map((o) => [o.name, o.id]));

/** Whether `name` is an operator mnemonic the cost table knows. */
export function isOperatorName(name: string): boolean {
  return BY_NAME.has(name);
}

/**
 * The cost table: the opcode table's default costs with `overrides` (by mnemonic, e.g. `{ 'i64.div_s': 4 }`).
 *
 * @throws Error naming an unknown mnemonic.
 */
export function fuelCostTable(overrides: Readonly<Record<string, number>>): Uint32Array {
  const table = new Uint32Array(OPS.length);
  for (const o of OPS) table[o.id] = o.fuel;
  for (const [name, cost] of Object.entries(overrides)) {
    const id = BY_NAME.get(name);
    if (id === undefined) throw new Error(`unknown operator ${name}`);
    table[id] = cost;
  }
  return table;
}
