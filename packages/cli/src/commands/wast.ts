/**
 * `weft wast PATH...`: run WebAssembly spec scripts (`.wast` files, `.json` command files converted by wabt's
 * `wast2json`, or folders searched recursively for both), print one line per file and the totals last, and exit
 * non-zero when any command failed.
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Engine } from '@weft/engine';
import { FEATURE_FLAGS, parseFeatures } from '../features.js';
import { EXIT_FAILED, EXIT_OK, type Io } from '../io.js';
import { formatCounts, formatDetails, formatFileLine } from '../wast/report.js';
import { runWastJson } from '../wast/run.js';
import { UsageError, type Command } from './command.js';

/** The feature names, wrapped to the help text's column. */
function featureNames(): string {
  const lines: string[] = [];
  let line = '';
  for (const name of Object.keys(FEATURE_FLAGS)) {
    if (line !== '' && line.length + name.length > 48) {
      lines.push(`${line},`);
      line = name;
    } else line = line === '' ? name : `${line}, ${name}`;
  }
  lines.push(line);
  return lines.join(`\n${' '.repeat(32)}`);
}

const HELP = `Usage: weft wast [options] PATH...

Run WebAssembly spec test scripts. Each PATH is a .wast script, a wast2json command
file (.json, with its .wasm modules beside it) or a folder searched recursively for
.wast and .json files.

Prints "<file>: <p> passed, <f> failed, <s> skipped" per file and the totals as the
last line. Every command counts once. Skipped: v128 values, exception handling.
Exit status 1 when any command failed.

Options:
  -v, --verbose          show failures and wording mismatches with their script
                         line numbers, and why commands were skipped
      --features LIST    enable or disable WebAssembly features, comma-separated:
                         NAME enables, -NAME disables, all / -all for every one;
                         names: ${featureNames()}
                         (default: the Wasm 2.0 features on, simd off)
                         e.g. --features=-multi-value  or  --features=all
  -h, --help             show this help`;

async function run(args: string[], io: Io): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        verbose: { type: 'boolean', short: 'v' },
        features: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(HELP);
    return EXIT_OK;
  }
  if (positionals.length === 0) throw new UsageError('wast: no PATH given');
  for (const p of positionals) {
    if (!existsSync(p)) throw new UsageError(`wast: no such file or folder: ${p}`);
    if (p.endsWith('.wat')) throw new UsageError(`wast: ${p} is a module, not a script (.wast or .json)`);
  }
  let engine: Engine;
  try {
    engine = new Engine(values.features === undefined ? {} : parseFeatures(values.features));
  } catch (err) {
    throw new UsageError(`wast: --features: ${(err as Error).message}`);
  }
  const verbose = values.verbose ?? false;
  let count = 0;
  const result = runWastJson(positionals, {
    engine,
    onFile(file) {
      count++;
      io.out(formatFileLine(file));
      if (verbose) for (const line of formatDetails(file)) io.out(line);
    },
  });
  if (count === 0) throw new UsageError(`wast: no .wast or .json scripts found in ${positionals.join(' ')}`);
  io.out(formatCounts(result));
  return result.failed > 0 ? EXIT_FAILED : EXIT_OK;
}

export const wastCommand: Command = {
  name: 'wast',
  summary: 'run WebAssembly spec test scripts (.wast, or wast2json .json files)',
  help: HELP,
  run,
};
