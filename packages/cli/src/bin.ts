/**
 * The `weft` executable: runs `main` with the process's arguments and sets the exit status. An error that
 * escapes `main` is a bug in weft; it is printed with its stack and exits with status 70 (EX_SOFTWARE).
 */
import { main } from './main.js';

main(process.argv.slice(2)).then(
  (status) => {
    process.exitCode = status;
  },
  (err: unknown) => {
    process.stderr.write(`weft: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 70;
  },
);
