/**
 * A disassembler for threaded code: one line per instruction, `pos: NAME operands`, with slot operands written
 * `sN`, branch targets `@N` and immediates as numbers. For tests, debugging and `weft` tooling; not a stable format.
 */
import { ISA, instrSize } from './isa.js';

export function disassemble(code: Int32Array): string[] {
  const lines: string[] = [];
  let pc = 0;
  while (pc < code.length) {
    const entry = ISA[code[pc]!];
    if (entry === undefined) {
      lines.push(`${pc}: ??? ${code[pc]}`);
      break;
    }
    const [name, layout] = entry;
    const parts: string[] = [];
    if (layout === 'sn') {
      const n = code[pc + 2]!;
      parts.push(`s${code[pc + 1]}`, String(n));
      for (let k = 0; k <= n; k++) parts.push(`@${code[pc + 3 + k]}`);
    } else {
      for (let k = 0; k < layout.length; k++) {
        const v = code[pc + 1 + k]!;
        const kind = layout[k];
        parts.push(kind === 'd' || kind === 's' ? `s${v}` : kind === 't' ? `@${v}` : kind === 'o' ? String(v >>> 0) : String(v));
      }
    }
    lines.push(`${pc}: ${name}${parts.length > 0 ? ' ' + parts.join(' ') : ''}`);
    pc += instrSize(code, pc);
  }
  return lines;
}
