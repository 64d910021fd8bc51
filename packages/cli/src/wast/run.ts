/**
 * Running wast2json command files: `runWastFile` runs one file in a fresh store and counts its commands;
 * `runWastJson` takes files or folders (searched recursively for `.json` files), shares one engine, and adds
 * up the results. Every command is counted once as passed, failed or skipped; an unexpected JS error in a
 * command is a failure with its message, never a crash of the run.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Engine } from '@weft/engine';
import { runCommand, describeError } from './commands.js';
import { CommandFailed, totals, type FileResult, type RunResult } from './outcome.js';
import { parseScript } from './script.js';
import { Session, type SessionHooks } from './session.js';
import { Unsupported } from './values.js';
import { readWastScript } from './wast-script.js';

/** What `new Engine(config)` accepts. */
export type EngineConfig = ConstructorParameters<typeof Engine>[0];

/** How to run scripts. */
export interface WastOptions extends SessionHooks {
  /** Engine configuration (`new Engine(config)`), e.g. `{ consumeFuel: true }`. */
  config?: EngineConfig;
  /** An engine to use instead of creating one from `config`. */
  engine?: Engine;
  /** Called after each file, e.g. to print progress. */
  onFile?: (result: FileResult) => void;
}

/** Run one command file in a fresh store. */
export function runWastFile(file: string, options: WastOptions = {}): FileResult {
  const started = performance.now();
  const result: FileResult = {
    file,
    passed: 0,
    failed: 0,
    skipped: 0,
    failures: [],
    notes: [],
    skips: [],
    durationMs: 0,
  };
  try {
    const text = readFileSync(file, 'utf8');
    const { script, files } = file.endsWith('.wast') ? readWastScript(text, file) : { script: parseScript(text), files: undefined };
    const engine = options.engine ?? new Engine(options.config);
    const session = new Session(engine, dirname(file), options, files);
    for (const cmd of script.commands) {
      try {
        const note = runCommand(session, cmd);
        result.passed++;
        if (note !== undefined) result.notes.push({ line: cmd.line, command: cmd.type, message: note });
      } catch (err) {
        if (err instanceof Unsupported) {
          result.skipped++;
          result.skips.push({ line: cmd.line, command: cmd.type, reason: err.message });
        } else {
          result.failed++;
          const message = err instanceof CommandFailed ? err.message : `unexpected ${describeError(err)}`;
          result.failures.push({ line: cmd.line, command: cmd.type, message });
        }
      }
    }
  } catch (err) {
    // The file itself could not be read or set up: one failure at line 0.
    result.failed++;
    result.failures.push({ line: 0, command: 'file', message: describeError(err) });
  }
  result.durationMs = performance.now() - started;
  return result;
}

/** The `.json` command files and `.wast` scripts under `path` (itself if it is a file), sorted, searched recursively. */
export function findScripts(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  const found: string[] = [];
  for (const entry of readdirSync(path, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const child = join(path, entry.name);
    if (entry.isDirectory()) found.push(...findScripts(child));
    else if (entry.name.endsWith('.json')) found.push(child);
    else if (entry.name.endsWith('.wast') && !existsSync(join(path, entry.name.slice(0, -5), `${entry.name.slice(0, -5)}.json`))) {
      found.push(child); // a script, unless its wast2json conversion sits beside it (that one runs instead)
    }
  }
  return found;
}

/**
 * Run command files and folders of them with one engine.
 * @throws whatever `new Engine(config)` throws for a bad configuration, and a filesystem error for a missing path.
 */
export function runWastJson(paths: string | readonly string[], options: WastOptions = {}): RunResult {
  const files = (typeof paths === 'string' ? [paths] : paths).flatMap(findScripts);
  const engine = options.engine ?? new Engine(options.config);
  const results: FileResult[] = [];
  for (const file of files) {
    const result = runWastFile(file, { ...options, engine });
    options.onFile?.(result);
    results.push(result);
  }
  return totals(results);
}
