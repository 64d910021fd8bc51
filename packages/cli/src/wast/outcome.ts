/**
 * What running a script produces: per command a pass, a failure (with a message) or a skip (with a reason),
 * plus notes for rejections whose wording differs from the spec's; per file the counts; per run the totals.
 */

/** A command that did not do what the script asserts. */
export interface Failure {
  /** Line of the command in the `.wast` script. */
  line: number;
  /** The command type, e.g. `assert_return`. */
  command: string;
  message: string;
}

/** A command that passed, with a remark (e.g. the right error class but another message). */
export type Note = Failure;

/** A command that was not run, and why (text-format module, v128 value, unsupported proposal). */
export interface Skip {
  line: number;
  command: string;
  reason: string;
}

/** The result of one command file. */
export interface FileResult {
  /** The command file's path, as found. */
  file: string;
  passed: number;
  failed: number;
  skipped: number;
  failures: Failure[];
  notes: Note[];
  skips: Skip[];
  /** Wall time for the file, in milliseconds. */
  durationMs: number;
}

/** The result of a run over many files. */
export interface RunResult {
  files: FileResult[];
  passed: number;
  failed: number;
  skipped: number;
}

/** Thrown by a command handler when the assertion does not hold; becomes a `Failure`. */
export class CommandFailed extends Error {
  override name = 'CommandFailed';
}

/** Add up file results. */
export function totals(files: FileResult[]): RunResult {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const f of files) {
    passed += f.passed;
    failed += f.failed;
    skipped += f.skipped;
  }
  return { files, passed, failed, skipped };
}
