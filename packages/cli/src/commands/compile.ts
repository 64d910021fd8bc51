/**
 * `weft compile FILE.wasm [-o FILE.cwasm]`: precompile a module to a weft artifact, as `wasmtime compile` does.
 * The artifact loads without compiling (`Module.deserialize`, `weft run --allow-precompiled`) in an engine with
 * the same weft version and compilation settings, so `--features` here must match the run's.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { parseArgs } from 'node:util';
import { CompileError, Engine, Module, type Config } from '@weft/engine';
import { parseFeatures } from '../features.js';
import { EXIT_FAILED, EXIT_OK, type Io } from '../io.js';
import { UsageError, type Command } from './command.js';

const HELP = `Usage: weft compile [options] FILE

Compile a WebAssembly module (binary, or text when FILE ends in .wat) to a weft
artifact (.cwasm) that loads without compiling. The artifact runs only on the same
weft version with the same compilation settings (e.g. --features); load it with
Module.deserialize or weft run --allow-precompiled.

Options:
  -o, --output FILE     where to write the artifact (default: FILE with .cwasm
                        in place of its extension, in the current directory)
      --features LIST   enable or disable WebAssembly features, as for weft wast
      --consume-fuel    compile with fuel metering (for weft run --fuel)
      --epoch-interruption
                        compile with epoch checks (for weft run --timeout)
  -h, --help            show this help`;

async function run(args: string[], io: Io): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        output: { type: 'string', short: 'o' },
        features: { type: 'string' },
        'consume-fuel': { type: 'boolean' },
        'epoch-interruption': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    throw new UsageError(`compile: ${(err as Error).message}`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(HELP);
    return EXIT_OK;
  }
  if (positionals.length !== 1) throw new UsageError('compile: give exactly one FILE');
  const file = positionals[0]!;
  const output = values.output ?? `${basename(file, extname(file))}.cwasm`;
  let config: Config = {};
  if (values.features !== undefined) {
    try {
      config = parseFeatures(values.features);
    } catch (err) {
      throw new UsageError(`compile: --features: ${(err as Error).message}`);
    }
  }
  if (values['consume-fuel']) config = { ...config, consumeFuel: true };
  if (values['epoch-interruption']) config = { ...config, epochInterruption: true };
  let input: Uint8Array | string;
  try {
    input = file.endsWith('.wat') ? readFileSync(file, 'utf8') : readFileSync(file);
  } catch (err) {
    io.err(`Error: failed to read input file \`${file}\`: ${(err as Error).message}`);
    return EXIT_FAILED;
  }
  let artifact: Uint8Array;
  try {
    artifact = new Module(new Engine(config), input).serialize();
  } catch (err) {
    if (!(err instanceof CompileError)) throw err;
    io.err(`Error: failed to compile \`${file}\`: ${err.message}`);
    return EXIT_FAILED;
  }
  try {
    writeFileSync(output, artifact);
  } catch (err) {
    io.err(`Error: failed to write \`${output}\`: ${(err as Error).message}`);
    return EXIT_FAILED;
  }
  return EXIT_OK;
}

export const compileCommand: Command = {
  name: 'compile',
  summary: 'precompile a WebAssembly module to a weft artifact (.cwasm)',
  help: HELP,
  run,
};
