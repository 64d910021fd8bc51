/**
 * A subcommand of the weft command: its name, a one-line summary for `weft --help`, its own help text, and
 * `run(args)`, which returns the exit status. `main` dispatches through a table of these, so adding `run` or
 * `compile` is one entry.
 */
import type { Io } from '../io.js';

export interface Command {
  readonly name: string;
  readonly summary: string;
  readonly help: string;
  run(args: string[], io: Io): Promise<number>;
}

/** Thrown for bad arguments; `main` prints the message and a help hint, and exits with status 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
