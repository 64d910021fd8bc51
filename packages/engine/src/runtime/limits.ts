/**
 * Store resource limits, as Wasmtime's: `StoreLimits` (plain numbers) or a custom `ResourceLimiter` (callbacks
 * that allow or deny each growth). `StoreResources` is what a store keeps: the counts of instances, memories
 * and tables created in it, checked against the limits, and the growth checks memories and tables consult
 * (`GrowLimiter`), including their creation at their initial size. Memory sizes are in bytes, table sizes in
 * elements.
 */
import { Trap, TrapCode, WeftError } from '../errors.js';
import type { GrowLimiter } from '../exec/context.js';
import { toTrap } from '../exec/host.js';

/**
 * Limits a store enforces (Wasmtime's `StoreLimits`). Unset fields do not limit, except the three counts,
 * which default to 10,000 as in Wasmtime.
 *
 * @example
 * ```ts
 * store.limiter({ memorySize: 1 << 20, tableElements: 1000, instances: 4 });
 * ```
 */
export interface StoreLimits {
  /** Largest size of any one linear memory, in bytes. */
  memorySize?: number | undefined;
  /** Largest number of elements of any one table. */
  tableElements?: number | undefined;
  /** Most instances the store may hold. Default 10,000. */
  instances?: number | undefined;
  /** Most tables (defined by instances or created by the host). Default 10,000. */
  tables?: number | undefined;
  /** Most linear memories (defined by instances or created by the host). Default 10,000. */
  memories?: number | undefined;
  /** A denied growth traps instead of making `memory.grow`/`table.grow` return -1. Default `false`. */
  trapOnGrowFailure?: boolean | undefined;
}

/**
 * Custom limits (Wasmtime's `ResourceLimiter`): asked before each memory or table grows, also when one is created
 * at its initial size (`current` 0). Return `true` to allow, `false` to deny (`memory.grow`/`table.grow` then
 * return -1, creation fails), or throw to trap the guest with what was thrown.
 */
export interface ResourceLimiter {
  /** Sizes in bytes; `maximum` is the memory's declared maximum, if any. */
  memoryGrowing(current: number, desired: number, maximum: number | undefined): boolean;
  /** Sizes in elements; `maximum` is the table's declared maximum, if any. */
  tableGrowing(current: number, desired: number, maximum: number | undefined): boolean;
  /** A memory growth failed (denied, or beyond the memory's maximum); throw to trap instead of returning -1. */
  memoryGrowFailed?(error: Error): void;
  /** A table growth failed; throw to trap instead of returning -1. */
  tableGrowFailed?(error: Error): void;
  /** Most instances. Default 10,000. */
  instances?: number | undefined;
  /** Most tables. Default 10,000. */
  tables?: number | undefined;
  /** Most memories. Default 10,000. */
  memories?: number | undefined;
}

/** Wasmtime's default count limits. */
export const DEFAULT_COUNT_LIMIT = 10_000;

/** The `ResourceLimiter` that enforces `StoreLimits`. */
export function limitsLimiter(limits: StoreLimits): ResourceLimiter {
  const trap = limits.trapOnGrowFailure === true;
  const deny = (what: string, limit: number): false => {
    if (trap) throw new Trap(TrapCode.HostError, `forcing trap when growing ${what} beyond the store limit of ${limit}`);
    return false;
  };
  return {
    memoryGrowing: (_current, desired) =>
      limits.memorySize === undefined || desired <= limits.memorySize || deny('memory', limits.memorySize),
    tableGrowing: (_current, desired) =>
      limits.tableElements === undefined || desired <= limits.tableElements || deny('table', limits.tableElements),
    memoryGrowFailed: (error) => {
      if (trap) throw error;
    },
    tableGrowFailed: (error) => {
      if (trap) throw error;
    },
    instances: limits.instances,
    tables: limits.tables,
    memories: limits.memories,
  };
}

/** A store's resource accounting: counts and the growth checks handed to its memories and tables. */
export class StoreResources {
  instances = 0;
  memories = 0;
  tables = 0;
  /** Growth checks for memories and tables, when a limiter is set. */
  grow: GrowLimiter | undefined = undefined;
  #limiter: ResourceLimiter | undefined;

  /** Install `limiter` (or remove it with `undefined`); later creations and growths are checked. */
  setLimiter(limiter: ResourceLimiter | undefined): void {
    this.#limiter = limiter;
    this.grow = limiter === undefined ? undefined : new Grow(limiter);
  }

  /** @throws WeftError when one more instance would pass the limit. */
  addInstance(): void {
    this.instances = this.#count(this.instances, this.#limiter?.instances, 'instance');
  }
  /** @throws WeftError when one more memory would pass the limit. */
  addMemory(): void {
    this.memories = this.#count(this.memories, this.#limiter?.memories, 'memory');
  }
  /** @throws WeftError when one more table would pass the limit. */
  addTable(): void {
    this.tables = this.#count(this.tables, this.#limiter?.tables, 'table');
  }

  #count(now: number, limit: number | undefined, what: string): number {
    if (this.#limiter !== undefined && now + 1 > (limit ?? DEFAULT_COUNT_LIMIT)) {
      throw new WeftError(`resource limit exceeded: ${what} count too high at ${now + 1}`);
    }
    return now + 1;
  }
}

/** The executor-facing growth checks over a user's limiter; what the user's code throws becomes a trap. */
class Grow implements GrowLimiter {
  constructor(private readonly user: ResourceLimiter) {}
  memoryGrowing(current: number, desired: number, maximum: number | undefined): boolean {
    try {
      return this.user.memoryGrowing(current, desired, maximum) === true;
    } catch (err) {
      throw toTrap(err);
    }
  }
  tableGrowing(current: number, desired: number, maximum: number | undefined): boolean {
    try {
      return this.user.tableGrowing(current, desired, maximum) === true;
    } catch (err) {
      throw toTrap(err);
    }
  }
  memoryGrowFailed(message: string): void {
    try {
      this.user.memoryGrowFailed?.(new Trap(TrapCode.HostError, message));
    } catch (err) {
      throw toTrap(err);
    }
  }
  tableGrowFailed(message: string): void {
    try {
      this.user.tableGrowFailed?.(new Trap(TrapCode.HostError, message));
    } catch (err) {
      throw toTrap(err);
    }
  }
}
