/**
 * Where the weft command writes: standard output and standard error as line sinks, so `main` can be run
 * and checked in tests without a child process.
 */

/** Line-oriented output streams (each call writes one line). */
export interface Io {
  out(line: string): void;
  err(line: string): void;
}

/** The process's own stdout and stderr. */
export const processIo: Io = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/** Exit statuses: success, a run that found failures, and a usage error (bad arguments or paths). */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;
