/**
 * Every error weft throws on purpose: `CompileError` for malformed or invalid modules (with the byte offset),
 * `LinkError` for imports that do not fit, `ExitError` for a WASI program's `proc_exit`, and `Trap` for a guest
 * that traps (with a `TrapCode` and a wasm backtrace). `OutOfFuel` and `Interrupt` are trap codes, not classes.
 */

/** Base class of every error weft throws on purpose. */
export class WeftError extends Error {
  override name = 'WeftError';
}

/**
 * A module is malformed (cannot be decoded or parsed) or invalid (fails validation).
 * `offset` is the byte offset in the module binary where the problem was found; for errors in the text format,
 * it is the character offset in the text, and `line`/`column` (1-based) say where.
 */
export class CompileError extends WeftError {
  override name = 'CompileError';
  /** Byte offset in the module's binary (character offset in the text for text-format errors). */
  readonly offset: number;
  /** The message without the position suffix, close to the spec's wording (e.g. "type mismatch"). */
  readonly reason: string;
  /** `true` for decoding and text-format errors (malformed), `false` for validation errors (invalid). */
  readonly malformed: boolean;
  /** Text-format errors: the 1-based line of the problem. */
  readonly line?: number;
  /** Text-format errors: the 1-based column of the problem. */
  readonly column?: number;
  constructor(reason: string, offset: number, malformed = false, at?: { line: number; column: number }) {
    super(`${reason} (at ${at ? `line ${at.line}, column ${at.column}` : `offset 0x${offset.toString(16)}`})`);
    this.reason = reason;
    this.offset = offset;
    this.malformed = malformed;
    if (at) {
      this.line = at.line;
      this.column = at.column;
    }
  }
}

/** An import could not be satisfied, or a definition has the wrong type. */
export class LinkError extends WeftError {
  override name = 'LinkError';
}

/**
 * A WASI program ended by calling `proc_exit(code)` (thrown by `@weft/wasi`, never a trap). It passes through
 * host calls and `func.call` unchanged; catch it around the call of `_start` and use `code` as the exit status.
 */
export class ExitError extends WeftError {
  override name = 'ExitError';
  /** The exit code the program passed to `proc_exit` (0 is success). */
  readonly code: number;
  constructor(code: number) {
    super(`exited with code ${code}`);
    this.code = code;
  }
}

/** Why a guest trapped. Names follow Wasmtime's `Trap` enum. */
export const TrapCode = {
  StackOverflow: 'StackOverflow',
  MemoryOutOfBounds: 'MemoryOutOfBounds',
  HeapMisaligned: 'HeapMisaligned',
  TableOutOfBounds: 'TableOutOfBounds',
  IndirectCallToNull: 'IndirectCallToNull',
  BadSignature: 'BadSignature',
  IntegerOverflow: 'IntegerOverflow',
  IntegerDivisionByZero: 'IntegerDivisionByZero',
  BadConversionToInteger: 'BadConversionToInteger',
  UnreachableCodeReached: 'UnreachableCodeReached',
  Interrupt: 'Interrupt',
  AlwaysTrapAdapter: 'AlwaysTrapAdapter',
  OutOfFuel: 'OutOfFuel',
  NullReference: 'NullReference',
  /** A host function threw, or the host asked to trap; `cause` holds what was thrown. */
  HostError: 'HostError',
} as const;
export type TrapCode = (typeof TrapCode)[keyof typeof TrapCode];

/** The spec's wording for each trap (what `assert_trap` expects), used as the default message. */
export const TRAP_MESSAGES: Record<TrapCode, string> = {
  StackOverflow: 'call stack exhausted',
  MemoryOutOfBounds: 'out of bounds memory access',
  HeapMisaligned: 'misaligned memory access',
  TableOutOfBounds: 'out of bounds table access',
  IndirectCallToNull: 'uninitialized element',
  BadSignature: 'indirect call type mismatch',
  IntegerOverflow: 'integer overflow',
  IntegerDivisionByZero: 'integer divide by zero',
  BadConversionToInteger: 'invalid conversion to integer',
  UnreachableCodeReached: 'unreachable',
  Interrupt: 'interrupt',
  AlwaysTrapAdapter: 'degenerate component adapter called',
  OutOfFuel: 'all fuel consumed by WebAssembly',
  NullReference: 'null reference',
  HostError: 'host function error',
};

/** How many backtrace frames a trap's message lists (all of them stay in `backtrace`). */
const MAX_PRINTED_FRAMES = 50;

/** One frame of a wasm backtrace, innermost first. */
export interface FrameInfo {
  /** Function index in its module's function index space. */
  funcIndex: number;
  /** Name from the module's name section, if any. */
  funcName: string | undefined;
  /** Name of the module (from its name section), if any. */
  moduleName: string | undefined;
  /** Byte offset of the trapping (or calling) instruction in the module binary, if known. */
  offset: number | undefined;
}

/**
 * A guest trapped. `code` says why; `backtrace` lists the wasm frames, innermost first.
 * The message is the spec's wording (e.g. "integer divide by zero"), followed by the backtrace.
 */
export class Trap extends WeftError {
  override name = 'Trap';
  readonly code: TrapCode;
  /** Wasm frames at the trap, innermost first. Filled in when the trap leaves the executor. */
  backtrace: FrameInfo[] = [];
  /** The spec's wording for this trap, without the backtrace. */
  readonly reason: string;
  constructor(code: TrapCode, reason: string = TRAP_MESSAGES[code], options?: { cause?: unknown }) {
    super(reason, options);
    this.code = code;
    this.reason = reason;
  }

  /** Attach a backtrace and append it to the message, in Wasmtime's layout. */
  withBacktrace(frames: FrameInfo[]): this {
    this.backtrace = frames;
    if (frames.length > 0) {
      // Print the innermost frames only; deep recursion would otherwise make a message of megabytes.
      const shown = frames.length > MAX_PRINTED_FRAMES ? frames.slice(0, MAX_PRINTED_FRAMES) : frames;
      const lines = shown.map((f, i) => {
        const name = f.funcName ?? `<wasm function ${f.funcIndex}>`;
        const where = f.offset === undefined ? '' : ` @ 0x${f.offset.toString(16)}`;
        const mod = f.moduleName ? `${f.moduleName}!` : '';
        return `  ${i}: ${mod}${name}${where}`;
      });
      if (shown.length < frames.length) lines.push(`  ... ${frames.length - shown.length} more frames`);
      this.message = `${this.reason}\nwasm backtrace:\n${lines.join('\n')}`;
    }
    return this;
  }
}

/**
 * A precompiled artifact cannot be loaded: it is not an artifact, it is truncated or corrupt, it was compiled by
 * another weft version or with other compilation settings (the message names the first field that differs, e.g.
 * "compiled with consumeFuel=true, this engine has consumeFuel=false"), or its structure does not check out.
 */
export class DeserializeError extends WeftError {
  override name = 'DeserializeError';
}
