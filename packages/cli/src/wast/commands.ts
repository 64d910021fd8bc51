/**
 * One handler per wast2json command type. A handler returns normally when the command passed (optionally with
 * a note), throws `CommandFailed` when the assertion does not hold and `Unsupported` when the command cannot be
 * run here (text-format modules, v128 values, exception handling). Trap messages are matched as prefixes of the
 * trap's `reason`, like the reference interpreter; compile and link errors pass on the error class alone, and a
 * different wording becomes a note.
 */
import { CompileError, LinkError, Trap, wat2wasm, type Module, type Val } from '@weft/engine';
import { CommandFailed } from './outcome.js';
import type { ScriptAction, ScriptCommand, ScriptValue } from './script.js';
import type { Session } from './session.js';
import { checkExpectable, formatExpected, formatVal, matches, Unsupported } from './values.js';

/** A handler's result: `undefined` for a plain pass, or a note to show with `--verbose`. */
type Handled = string | undefined;

/** Spec wordings that differ only in detail from what a correct engine reports. */
const TRAP_ALIASES: Record<string, string> = {
  // The reference interpreter appends the element index; engines report the condition.
  'uninitialized element 2': 'uninitialized element',
};

/** Does a trap match the script's text? The text must be a prefix of the reason (after aliasing). */
export function trapMatches(trap: Trap, text: string): boolean {
  return trap.reason.startsWith(text) || trap.reason.startsWith(TRAP_ALIASES[text] ?? text);
}

/** Describe an error thrown where none (or another kind) was expected. */
export function describeError(err: unknown): string {
  if (err instanceof Trap) return `trap: ${err.reason}`;
  if (err instanceof CompileError) return `CompileError: ${err.message}`;
  if (err instanceof Error) return `${err.name}: ${err.message}`;
  return `thrown non-error: ${String(err)}`;
}

/** The module's binary; text modules (`.wat`, e.g. `module quote`) go through `wat2wasm` (may throw CompileError). */
function binaryModule(session: Session, cmd: { filename: string; module_type?: string }): Uint8Array {
  if (cmd.module_type === 'text' || cmd.filename.endsWith('.wat')) {
    return wat2wasm(new TextDecoder().decode(session.read(cmd.filename)));
  }
  return session.read(cmd.filename);
}

function runAction(session: Session, action: ScriptAction, expected: ScriptValue[] = []): Val[] {
  for (const v of expected) checkExpectable(v);
  const args = session.args(action);
  return session.perform(action, args);
}

/** `action`, `assert_return`: the action returns, with the expected values if any are given. */
function assertReturn(
  session: Session,
  action: ScriptAction,
  expected?: ScriptValue[],
  either?: ScriptValue[],
): Handled {
  let results: Val[];
  try {
    results = runAction(session, action, either ?? expected);
  } catch (err) {
    if (err instanceof CommandFailed || err instanceof Unsupported) throw err;
    throw new CommandFailed(`${action.field}: ${describeError(err)}`);
  }
  const shown = () => `[${results.map(formatVal).join(', ')}]`;
  if (either !== undefined) {
    if (results.length !== 1 || !either.some((e) => matches(e, results[0]!, session.refs))) {
      const wanted = either.map(formatExpected).join(' | ');
      throw new CommandFailed(`${action.field}: expected one of ${wanted}, got ${shown()}`);
    }
    return undefined;
  }
  if (expected === undefined) return undefined;
  const ok = results.length === expected.length && expected.every((e, i) => matches(e, results[i]!, session.refs));
  if (!ok) {
    throw new CommandFailed(`${action.field}: expected [${expected.map(formatExpected).join(', ')}], got ${shown()}`);
  }
  return undefined;
}

/** `assert_trap`, `assert_exhaustion`: the action traps with the spec's message (exhaustion: StackOverflow). */
function assertTrap(session: Session, action: ScriptAction, text: string, exhaustion: boolean): Handled {
  let results: Val[];
  try {
    results = runAction(session, action);
  } catch (err) {
    if (err instanceof CommandFailed || err instanceof Unsupported) throw err;
    if (!(err instanceof Trap)) {
      throw new CommandFailed(`${action.field}: expected trap "${text}", got ${describeError(err)}`);
    }
    if (exhaustion && err.code !== 'StackOverflow') {
      throw new CommandFailed(`${action.field}: expected StackOverflow, got ${err.code} "${err.reason}"`);
    }
    if (!trapMatches(err, text)) {
      throw new CommandFailed(`${action.field}: expected trap "${text}", got "${err.reason}"`);
    }
    return undefined;
  }
  throw new CommandFailed(`${action.field}: expected trap "${text}", returned [${results.map(formatVal).join(', ')}]`);
}

/** `module`: compile and instantiate; a failure here makes later commands on this module fail too. */
function moduleCommand(session: Session, cmd: Extract<ScriptCommand, { type: 'module' }>): Handled {
  try {
    const instance = session.instantiate(session.compile(binaryModule(session, cmd)));
    session.setModule(cmd.name, instance, cmd.line);
  } catch (err) {
    session.setModule(cmd.name, undefined, cmd.line);
    if (err instanceof Unsupported) throw err;
    throw new CommandFailed(`${cmd.filename}: ${describeError(err)}`);
  }
  return undefined;
}

/** `assert_invalid`, `assert_malformed`: compiling fails with a CompileError; the wording is only noted. */
/** A command that names a module file and the error text it expects. */
type ModuleAssertion = { type: string; filename: string; text: string; module_type?: string };

function assertRejected(session: Session, cmd: ModuleAssertion): Handled {
  try {
    session.compile(binaryModule(session, cmd));
  } catch (err) {
    if (!(err instanceof CompileError)) {
      throw new CommandFailed(`${cmd.filename}: expected CompileError "${cmd.text}", got ${describeError(err)}`);
    }
    const wantMalformed = cmd.type === 'assert_malformed';
    const remarks: string[] = [];
    if (!err.reason.startsWith(cmd.text)) remarks.push(`expected "${cmd.text}", got "${err.reason}"`);
    if (err.malformed !== wantMalformed) remarks.push(`reported as ${err.malformed ? 'malformed' : 'invalid'}`);
    return remarks.length > 0 ? `${cmd.filename}: ${remarks.join('; ')}` : undefined;
  }
  throw new CommandFailed(`${cmd.filename}: module compiled, expected CompileError "${cmd.text}"`);
}

/** Compile a module that must be valid, for the instantiation assertions. */
function compileValid(session: Session, cmd: { filename: string; module_type?: string }): Module {
  try {
    return session.compile(binaryModule(session, cmd));
  } catch (err) {
    throw new CommandFailed(`${cmd.filename}: ${describeError(err)}`);
  }
}

/** `assert_unlinkable`: instantiation fails with a LinkError; the wording is only noted. */
function assertUnlinkable(session: Session, cmd: ModuleAssertion): Handled {
  const module = compileValid(session, cmd);
  try {
    session.instantiate(module);
  } catch (err) {
    if (!(err instanceof LinkError)) {
      throw new CommandFailed(`${cmd.filename}: expected LinkError "${cmd.text}", got ${describeError(err)}`);
    }
    return err.message.includes(cmd.text) ? undefined : `${cmd.filename}: expected "${cmd.text}", got "${err.message}"`;
  }
  throw new CommandFailed(`${cmd.filename}: instantiated, expected LinkError "${cmd.text}"`);
}

/** `assert_uninstantiable`: instantiation traps (a start function, an out-of-bounds segment). */
function assertUninstantiable(session: Session, cmd: ModuleAssertion): Handled {
  const module = compileValid(session, cmd);
  try {
    session.instantiate(module);
  } catch (err) {
    if (!(err instanceof Trap)) {
      throw new CommandFailed(`${cmd.filename}: expected trap "${cmd.text}", got ${describeError(err)}`);
    }
    if (!trapMatches(err, cmd.text)) {
      throw new CommandFailed(`${cmd.filename}: expected trap "${cmd.text}", got "${err.reason}"`);
    }
    return undefined;
  }
  throw new CommandFailed(`${cmd.filename}: instantiated, expected trap "${cmd.text}"`);
}

/** Run one command against the session. */
export function runCommand(session: Session, cmd: ScriptCommand): Handled {
  switch (cmd.type) {
    case 'module':
      return moduleCommand(session, cmd);
    case 'register':
      session.register(cmd.as, cmd.name);
      return undefined;
    case 'action':
      return assertReturn(session, cmd.action);
    case 'assert_return':
      return assertReturn(session, cmd.action, cmd.expected, cmd.either);
    case 'assert_trap':
      return assertTrap(session, cmd.action, cmd.text, false);
    case 'assert_exhaustion':
      return assertTrap(session, cmd.action, cmd.text, true);
    case 'assert_invalid':
    case 'assert_malformed':
      return assertRejected(session, cmd);
    case 'assert_unlinkable':
      return assertUnlinkable(session, cmd);
    case 'assert_uninstantiable':
      return assertUninstantiable(session, cmd);
    case 'assert_exception':
      throw new Unsupported('exception handling is not supported');
    default:
      throw new Unsupported(`unknown command type ${(cmd as { type: string }).type}`);
  }
}
