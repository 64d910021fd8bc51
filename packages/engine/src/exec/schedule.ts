/**
 * Yielding to the event loop: `yieldToEventLoop()` resolves in a later macrotask. All suspended async calls of
 * all stores wait in one queue, and each macrotask resumes exactly one of them (round robin), so between any two
 * guest slices the event loop turns once — timers, I/O and other tasks run, and no store is starved. Uses
 * `setImmediate` where the host has it (Node), else a `MessageChannel`, else `setTimeout(0)`.
 */

type Task = () => void;

const ready: Task[] = [];
let head = 0;
let scheduled = false;

const g = globalThis as unknown as {
  setImmediate?: (cb: () => void) => unknown;
  MessageChannel?: new () => { port1: { onmessage: unknown }; port2: { postMessage(v: unknown): void } };
};

const defer: (cb: () => void) => void = (() => {
  if (typeof g.setImmediate === 'function') {
    const si = g.setImmediate;
    return (cb: () => void) => void si(cb);
  }
  if (typeof g.MessageChannel === 'function') {
    const ch = new g.MessageChannel();
    const pending: Task[] = [];
    ch.port1.onmessage = () => pending.shift()?.();
    return (cb: () => void) => {
      pending.push(cb);
      ch.port2.postMessage(0);
    };
  }
  return (cb: () => void) => void setTimeout(cb, 0);
})();

function pump(): void {
  const task = ready[head];
  ready[head++] = undefined as never;
  if (head === ready.length) {
    ready.length = 0;
    head = 0;
    scheduled = false;
  } else {
    defer(pump);
  }
  task?.();
}

/** Resolves in a later macrotask, after the calls that yielded before this one resumed. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise<void>((resolve) => {
    ready.push(resolve);
    if (!scheduled) {
      scheduled = true;
      defer(pump);
    }
  });
}
