/**
 * Test helpers: run a committed WASI fixture (test/fixtures/*.wasm) through the public API with captured stdio,
 * deterministic clocks and random, and optional golden-trace recording; and a fake echoing socket.
 */
import { readFileSync } from 'node:fs';
import { Engine, ExitError, Linker, Module, Store } from '@weft/engine';
import {
  addToLinker,
  captureStream,
  inputStream,
  testClocks,
  testRandom,
  WasiCtxBuilder,
  type WasiCtx,
  type WasiFilesystem,
  type WasiSocket,
} from '@weft/wasi';

export const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url);

const engine = new Engine();
const modules = new Map<string, Module>();

/** The compiled fixture `name` (cached). */
export function fixtureModule(name: string): Module {
  let m = modules.get(name);
  if (m === undefined) modules.set(name, (m = new Module(engine, readFileSync(fixture(name)))));
  return m;
}

export interface RunOptions {
  args?: string[];
  env?: Record<string, string>;
  stdin?: string;
  preopens?: { fs: WasiFilesystem; guest: string; write?: boolean }[];
  sockets?: WasiSocket[];
  trace?: boolean;
  /** Adjust the builder last. */
  configure?: (b: WasiCtxBuilder) => void;
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  trace: string[];
  wasi: WasiCtx;
}

/** Run the command `name` to its end; `code` is its exit code (0 when `_start` returns). */
export function runFixture(name: string, opts: RunOptions = {}): RunResult {
  const stdout = captureStream();
  const stderr = captureStream();
  const b = new WasiCtxBuilder()
    .args(opts.args ?? [name])
    .envs(opts.env ?? {})
    .stdin(inputStream(opts.stdin ?? ''))
    .stdout(stdout)
    .stderr(stderr)
    .clocks(testClocks())
    .random(testRandom());
  for (const p of opts.preopens ?? []) b.preopen(p.fs, p.guest, { write: p.write ?? true });
  for (const s of opts.sockets ?? []) b.preopenSocket(s);
  opts.configure?.(b);
  const wasi = b.build();
  const trace: string[] = [];
  const linker = new Linker<{ wasi: WasiCtx }>(engine);
  addToLinker(linker, (d) => d.wasi, opts.trace ? { trace: (l) => trace.push(l) } : {});
  const store = new Store(engine, { wasi });
  const instance = linker.instantiate(store, fixtureModule(name));
  let code = 0;
  try {
    instance.getFunc(store, '_start')!.call(store, []);
  } catch (err) {
    if (!(err instanceof ExitError)) throw err;
    code = err.code;
  }
  return { code, stdout: stdout.text(), stderr: stderr.text(), trace, wasi };
}

/** A listening socket whose one pending connection echoes what is sent to it. */
export function echoListener(): WasiSocket {
  let pending = true;
  return {
    accept() {
      if (!pending) return undefined;
      pending = false;
      let queue = new Uint8Array(0);
      return {
        recv(max, peek) {
          const out = queue.slice(0, max);
          if (!peek) queue = queue.subarray(out.length);
          return out;
        },
        send(data) {
          const q = new Uint8Array(queue.length + data.length);
          q.set(queue);
          q.set(data, queue.length);
          queue = q;
          return data.length;
        },
        shutdown() {},
      };
    },
    recv: () => new Uint8Array(0),
    send: () => 0,
    shutdown() {},
  };
}
