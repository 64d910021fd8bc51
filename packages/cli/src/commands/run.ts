/**
 * `weft run [options] FILE [ARGS...]`: run a WebAssembly program with WASI preview1, as `wasmtime run` does. A
 * command's `_start` runs with FILE and ARGS as its arguments and its `proc_exit` code becomes the exit status; a
 * reactor is initialised (`_initialize`) and, with `--invoke NAME`, the export NAME is called with ARGS parsed by
 * its parameter types and its results printed. A trap prints its message and wasm backtrace to stderr and exits
 * with 134 (what a native abort gives, as Wasmtime does on Unix). `--fuel N` runs with N units of fuel and
 * `--timeout D` interrupts the guest after D (epochs ticked from a worker thread); both end as traps.
 */
import { readFileSync } from 'node:fs';
import {
  CompileError,
  DeserializeError,
  Engine,
  ExitError,
  LinkError,
  Linker,
  Module,
  Store,
  Trap,
  WeftError,
  type Config,
  type Func,
  type ValType,
} from '@weft/engine';
import {
  addToLinker,
  inheritStderr,
  inheritStdin,
  inheritStdout,
  WasiCtxBuilder,
  type WasiCtx,
  type WasiStream,
} from '@weft/wasi';
import { startEpochTicker, type EpochTicker } from '@weft/engine/node';
import { parseFeatures } from '../features.js';
import { EXIT_FAILED, EXIT_OK, type Io } from '../io.js';
import { UsageError, type Command } from './command.js';

/** Exit status after a trap: 128 + SIGABRT, as a natively built program that aborts (and Wasmtime) gives. */
export const EXIT_TRAP = 134;

const HELP = `Usage: weft run [options] FILE [ARGS...]

Run a WebAssembly module (.wasm, or an artifact from weft compile) with WASI
preview1 (wasi_snapshot_preview1). FILE gets
FILE and ARGS as its arguments (argv). A command (exporting _start) runs to its end
and its exit code (proc_exit) is weft's exit status; a reactor is initialised
(_initialize) and, with --invoke, one export is called with ARGS as its parameters.

Options:
      --dir HOST[::GUEST]  give the program the host directory HOST, named GUEST
                           (default: HOST as written); repeatable. Guest paths
                           never leave it (no .., absolute paths or symlinks out)
      --env NAME[=VALUE]   set an environment variable (NAME alone: the host's
                           value); repeatable. Nothing is inherited otherwise
      --invoke NAME        call the export NAME instead of _start and print its
                           results, one per line
      --fuel N             run with N units of fuel (one per operator, as
                           Wasmtime counts); running out traps
      --timeout D          interrupt the program after D: 500ms, 2s, 1m or a
                           number of seconds; the interruption traps
      --features LIST      enable or disable WebAssembly features, as for
                           weft wast (e.g. --features=-simd)
      --allow-precompiled  allow FILE to be a precompiled artifact (.cwasm, from
                           weft compile); it must match this weft and its settings
  -h, --help               show this help

A trap prints its message and wasm backtrace to stderr and exits with status 134.`;

/** Where the guest's stdio goes (the process's own by default; tests capture it). */
export interface RunStdio {
  stdin: WasiStream;
  stdout: WasiStream;
  stderr: WasiStream;
}

interface RunOptions {
  dirs: { host: string; guest: string }[];
  env: [string, string][];
  invoke: string | undefined;
  features: string | undefined;
  fuel: number | undefined;
  timeoutMs: number | undefined;
  help: boolean;
  allowPrecompiled: boolean;
  file: string | undefined;
  args: string[];
}

/** Options come before FILE; everything after FILE belongs to the program. */
function parse(argv: readonly string[]): RunOptions {
  const o: RunOptions = {
    dirs: [],
    env: [],
    invoke: undefined,
    features: undefined,
    fuel: undefined,
    timeoutMs: undefined,
    help: false,
    allowPrecompiled: false,
    file: undefined,
    args: [],
  };
  let i = 0;
  const value = (flag: string, inline: string | undefined): string => {
    if (inline !== undefined) return inline;
    const v = argv[++i];
    if (v === undefined) throw new UsageError(`run: ${flag} needs a value`);
    return v;
  };
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      i++;
      break;
    }
    if (!a.startsWith('-') || a === '-') break;
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    const flag = eq < 0 ? a : a.slice(0, eq);
    const inline = eq < 0 ? undefined : a.slice(eq + 1);
    switch (flag) {
      case '-h':
      case '--help':
        o.help = true;
        break;
      case '--dir': {
        const v = value(flag, inline);
        const sep = v.indexOf('::');
        o.dirs.push(sep < 0 ? { host: v, guest: v } : { host: v.slice(0, sep), guest: v.slice(sep + 2) });
        break;
      }
      case '--env': {
        const v = value(flag, inline);
        const sep = v.indexOf('=');
        if (sep === 0) throw new UsageError(`run: --env ${v}: empty name`);
        if (sep > 0) o.env.push([v.slice(0, sep), v.slice(sep + 1)]);
        else if (process.env[v] !== undefined) o.env.push([v, process.env[v]!]);
        break;
      }
      case '--invoke':
        o.invoke = value(flag, inline);
        break;
      case '--features':
        o.features = value(flag, inline);
        break;
      case '--allow-precompiled':
        o.allowPrecompiled = true;
        break;
      case '--fuel': {
        const v = value(flag, inline);
        const n = /^\d+$/.test(v) ? Number(v) : NaN;
        if (!Number.isSafeInteger(n)) throw new UsageError(`run: --fuel ${v}: expected a whole number`);
        o.fuel = n;
        break;
      }
      case '--timeout':
        o.timeoutMs = parseDuration(value(flag, inline));
        break;
      default:
        throw new UsageError(`run: unknown option ${a}`);
    }
  }
  o.file = argv[i];
  o.args = argv.slice(i + 1);
  return o;
}

const UNITS_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `500ms`, `2s`, `1.5m`, `1h`, or a number of seconds, in milliseconds. */
export function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  const ms = m === null ? NaN : Number(m[1]) * UNITS_MS[m[2] ?? 's']!;
  if (!(ms > 0) || !Number.isFinite(ms)) throw new UsageError(`run: --timeout ${text}: expected a duration such as 500ms, 2s or 1m`);
  return ms;
}

/** Parse a command-line argument as a wasm value of type `t`. */
function parseValue(text: string, t: ValType): unknown {
  const fail = () => new UsageError(`run: --invoke: cannot parse '${text}' as ${t}`);
  switch (t) {
    case 'i32':
    case 'i64': {
      let n: bigint;
      try {
        n = BigInt(text);
      } catch {
        throw fail();
      }
      return t === 'i32' ? Number(BigInt.asIntN(32, n)) : BigInt.asIntN(64, n);
    }
    case 'f32':
    case 'f64': {
      const n = Number(text);
      if (Number.isNaN(n) && text.toLowerCase() !== 'nan') throw fail();
      return n;
    }
    default:
      throw new UsageError(`run: --invoke: cannot pass a ${t} parameter from the command line`);
  }
}

function indent(text: string, by: string): string {
  return text
    .split('\n')
    .map((l) => by + l)
    .join('\n');
}

/**
 * Run `argv` (the words after `weft run`).
 *
 * @returns the program's exit status.
 */
export async function runWasm(argv: readonly string[], io: Io, stdio?: RunStdio): Promise<number> {
  const o = parse(argv);
  if (o.help) {
    io.out(HELP);
    return EXIT_OK;
  }
  if (o.file === undefined) throw new UsageError('run: no FILE given');
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(o.file)); // a fresh array: a Node Buffer may sit at an offset in a pool
  } catch (err) {
    io.err(`Error: failed to read input file \`${o.file}\`: ${(err as Error).message}`);
    return EXIT_FAILED;
  }
  let config: Config = {};
  if (o.features !== undefined) {
    try {
      config = parseFeatures(o.features);
    } catch (err) {
      throw new UsageError(`run: --features: ${(err as Error).message}`);
    }
  }
  const builder = new WasiCtxBuilder().args([o.file, ...o.args]).envs(o.env);
  const streams = stdio ?? { stdin: inheritStdin(), stdout: inheritStdout(), stderr: inheritStderr() };
  builder.stdin(streams.stdin).stdout(streams.stdout).stderr(streams.stderr);
  for (const d of o.dirs) {
    try {
      builder.preopenDir(d.host, d.guest);
    } catch (err) {
      io.err(`Error: failed to open directory \`${d.host}\`: ${(err as Error).message}`);
      return EXIT_FAILED;
    }
  }
  const wasi = builder.build();
  if (o.fuel !== undefined) config = { ...config, consumeFuel: true };
  if (o.timeoutMs !== undefined) config = { ...config, epochInterruption: true };
  let ticker: EpochTicker | undefined;
  try {
    const engine = new Engine(config);
    // A precompiled artifact (weft compile) loads without compiling; the engine checks it fits this config.
    const module = loadModule(engine, bytes, o.allowPrecompiled);
    const linker = new Linker<{ wasi: WasiCtx }>(engine);
    addToLinker(linker, (data) => data.wasi);
    const store = new Store(engine, { wasi });
    if (o.fuel !== undefined) store.setFuel(o.fuel);
    if (o.timeoutMs !== undefined) {
      // Ten ticks per timeout: the guest stops between 0.9 and 1 times D after its start.
      store.setEpochDeadline(TICKS_PER_TIMEOUT);
      ticker = startEpochTicker(engine, o.timeoutMs / TICKS_PER_TIMEOUT);
    }
    const instance = linker.instantiate(store, module);
    const init = instance.getFunc(store, '_initialize');
    if (o.invoke === undefined) {
      const start = instance.getFunc(store, '_start') ?? instance.getFunc(store, '');
      if (start !== undefined) start.call(store, []);
      else if (init !== undefined) init.call(store, []);
      return EXIT_OK;
    }
    if (init !== undefined) init.call(store, []);
    const func: Func | undefined = instance.getFunc(store, o.invoke);
    if (func === undefined) {
      io.err(`Error: failed to find export of \`${o.invoke}\` in module \`${o.file}\``);
      return EXIT_FAILED;
    }
    const type = func.type(store);
    if (o.args.length !== type.params.length) {
      throw new UsageError(`run: --invoke ${o.invoke} takes ${type.params.length} arguments, got ${o.args.length}`);
    }
    const results = func.call(store, o.args.map((a, i) => parseValue(a, type.params[i]!)));
    for (const r of results) io.out(String(r));
    return EXIT_OK;
  } catch (err) {
    if (err instanceof ExitError) return err.code;
    if (err instanceof Trap) {
      io.err(`Error: failed to run main module \`${o.file}\`\n\nCaused by:\n${indent(err.message, '    ')}`);
      return EXIT_TRAP;
    }
    if (err instanceof CompileError) {
      io.err(`Error: failed to compile \`${o.file}\`: ${err.message}`);
      return EXIT_FAILED;
    }
    if (err instanceof DeserializeError) {
      io.err(`Error: failed to load precompiled \`${o.file}\`: ${err.message}`);
      return EXIT_FAILED;
    }
    if (err instanceof LinkError) {
      io.err(`Error: failed to instantiate \`${o.file}\`: ${err.message}`);
      return EXIT_FAILED;
    }
    if (err instanceof WeftError) {
      io.err(`Error: failed to load \`${o.file}\`: ${err.message}`);
      return EXIT_FAILED;
    }
    throw err;
  } finally {
    ticker?.stop();
    wasi.close();
  }
}

/** A wasm binary is compiled; a weft artifact is loaded only with `--allow-precompiled` (as in Wasmtime). */
function loadModule(engine: Engine, bytes: Uint8Array, allowPrecompiled: boolean): Module {
  if (Engine.detectPrecompiled(bytes) === undefined) return new Module(engine, bytes);
  if (!allowPrecompiled) {
    throw new DeserializeError('running a precompiled module requires the `--allow-precompiled` flag');
  }
  return Module.deserialize(engine, bytes);
}

/** How many epoch ticks a `--timeout` is cut into. */
const TICKS_PER_TIMEOUT = 10;

/** `weft run`, with the guest's stdio on the process's own (or on `stdio`). */
export function makeRunCommand(stdio?: () => RunStdio): Command {
  return {
    name: 'run',
    summary: 'run a WebAssembly program with WASI (commands and reactors)',
    help: HELP,
    run: (args, io) => runWasm(args, io, stdio?.()),
  };
}

/** `weft run` on the process's stdio. */
export const runCommand: Command = makeRunCommand();
