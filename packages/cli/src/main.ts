/**
 * The weft command's entry: `main(argv)` reads the global flags (`--help`, `--version`), dispatches to a
 * subcommand from the table below, and returns the exit status — it never calls `process.exit`, so tests run it
 * in process. Usage errors print a message and a help hint and return 2.
 */
import type { Command } from './commands/command.js';
import { UsageError } from './commands/command.js';
import { compileCommand } from './commands/compile.js';
import { runCommand } from './commands/run.js';
import { wastCommand } from './commands/wast.js';
import { EXIT_OK, EXIT_USAGE, processIo, type Io } from './io.js';
import { VERSION } from './version.js';

/** The subcommands, by name. */
export const COMMANDS: ReadonlyMap<string, Command> = new Map(
  [runCommand, compileCommand, wastCommand].map((c) => [c.name, c]),
);

function help(): string {
  const width = Math.max(...[...COMMANDS.keys()].map((n) => n.length));
  const rows = [...COMMANDS.values()].map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    `weft ${VERSION}: a WebAssembly runtime in TypeScript`,
    '',
    'Usage: weft <command> [options] [args...]',
    '',
    'Commands:',
    ...rows,
    '',
    'Options:',
    '  -h, --help     show this help (weft <command> --help for a command)',
    '  -V, --version  print the version',
  ].join('\n');
}

/**
 * Run the weft command with `argv` (without the node and script paths).
 * @returns the exit status: 0 success, 1 a run with failures, 2 a usage error.
 */
export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '-h' || first === '--help' || first === 'help') {
    io.out(help());
    return first === undefined ? EXIT_USAGE : EXIT_OK;
  }
  if (first === '-V' || first === '--version') {
    io.out(`weft ${VERSION}`);
    return EXIT_OK;
  }
  const command = COMMANDS.get(first);
  if (command === undefined) {
    io.err(`weft: unknown command '${first}' (commands: ${[...COMMANDS.keys()].join(', ')}; see weft --help)`);
    return EXIT_USAGE;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.err(`weft: ${err.message}`);
    io.err(`see: weft ${command.name} --help`);
    return EXIT_USAGE;
  }
}
