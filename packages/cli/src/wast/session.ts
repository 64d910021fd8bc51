/**
 * The state of one script run: its store, a linker holding `spectest` and the registered instances, the
 * instances by `$name` and the current (last) one, and the `ref.extern` host values. It loads and instantiates
 * modules and performs actions (`invoke`, `get`) through the public API of `@weft/engine` only.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Global, Linker, Module, Store, type Engine, type Instance, type Val } from '@weft/engine';
import { CommandFailed } from './outcome.js';
import type { ScriptAction } from './script.js';
import { defineSpectest } from './spectest.js';
import { HostRefs, toVal } from './values.js';

/** Hooks that let the same scripts run under other configurations (fuel on, artifact round trip...). */
export interface SessionHooks {
  /** Compile a module; the default is `new Module(engine, bytes)`. */
  loadModule?: (engine: Engine, bytes: Uint8Array) => Module;
  /** Prepare each new store, e.g. `store.setFuel(...)`. */
  prepareStore?: (store: Store<unknown>) => void;
}

/** A module command that failed: later commands naming it fail with a pointer to this line. */
interface Missing {
  failedAt: number;
}

export class Session {
  readonly store: Store<unknown>;
  readonly refs = new HostRefs();
  #linker: Linker<unknown>;
  readonly #registered = new Map<string, Instance>();
  readonly #named = new Map<string, Instance | Missing>();
  #current: Instance | Missing | undefined;

  constructor(
    readonly engine: Engine,
    readonly dir: string,
    readonly hooks: SessionHooks = {},
    /** Module files held in memory (from a `.wast` script), looked up before `dir`. */
    readonly files?: ReadonlyMap<string, Uint8Array>,
  ) {
    this.store = new Store<unknown>(engine, undefined);
    hooks.prepareStore?.(this.store);
    this.#linker = this.#newLinker();
  }

  #newLinker(): Linker<unknown> {
    const linker = new Linker<unknown>(this.engine);
    defineSpectest(linker, this.store);
    for (const [name, instance] of this.#registered) linker.instance(this.store, name, instance);
    return linker;
  }

  /** Read a module file named by the script (relative to the command file). */
  read(filename: string): Uint8Array {
    const held = this.files?.get(filename);
    if (held !== undefined) return held;
    return new Uint8Array(readFileSync(join(this.dir, filename)));
  }

  /** Compile a module binary (throws `CompileError`). */
  compile(bytes: Uint8Array): Module {
    return this.hooks.loadModule ? this.hooks.loadModule(this.engine, bytes) : new Module(this.engine, bytes);
  }

  /** Instantiate against spectest and the registered instances (throws `LinkError` or `Trap`). */
  instantiate(module: Module): Instance {
    return this.#linker.instantiate(this.store, module);
  }

  /** Record the outcome of a `module` command: the new current instance, or a failure at `line`. */
  setModule(name: string | undefined, instance: Instance | undefined, line: number): void {
    const entry: Instance | Missing = instance ?? { failedAt: line };
    this.#current = entry;
    if (name !== undefined) this.#named.set(name, entry);
  }

  /** The instance a command names (`$name`), or the current one. */
  instance(name: string | undefined): Instance {
    const entry = name === undefined ? this.#current : this.#named.get(name);
    if (entry === undefined) throw new CommandFailed(name ? `no module named ${name}` : 'no module instantiated yet');
    if ('failedAt' in entry) {
      const which = name ? `module ${name}` : 'current module';
      throw new CommandFailed(`no ${which}: the module command at line ${entry.failedAt} failed`);
    }
    return entry;
  }

  /** `register`: make an instance's exports importable as module `as`. */
  register(as: string, name: string | undefined): void {
    const instance = this.instance(name);
    const shadowing = this.#registered.has(as);
    this.#registered.set(as, instance);
    if (shadowing) this.#linker = this.#newLinker();
    else this.#linker.instance(this.store, as, instance);
  }

  /** Convert an action's arguments first, so unsupported values skip the command before anything runs. */
  args(action: ScriptAction): Val[] {
    return (action.args ?? []).map((a) => toVal(a, this.refs));
  }

  /** Perform an action: call an exported function or read an exported global. */
  perform(action: ScriptAction, args: Val[]): Val[] {
    const instance = this.instance(action.module);
    if (action.type === 'get') {
      const global = instance.getExport(this.store, action.field);
      if (!(global instanceof Global)) throw new CommandFailed(`export "${action.field}" is not a global`);
      return [global.getVal(this.store)];
    }
    const func = instance.getFunc(this.store, action.field);
    if (!func) throw new CommandFailed(`no exported function "${action.field}"`);
    return func.callVals(this.store, args);
  }
}
