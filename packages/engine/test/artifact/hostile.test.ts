/**
 * Tampered artifacts with valid checksums, as an attacker would make them: each structural check of
 * `src/artifact/verify.ts` and of the module-info validation rejects its case with a `DeserializeError` that says
 * what and where — at load time with `verify: 'eager'`, and with the same message with the default lazy
 * verification, at load time or as soon as the code is needed (here: `serialize`, which checks every function;
 * `lazy.test.ts` checks the calls). Instructions are found by their ISA names and layouts, never by opcode numbers.
 */
import { describe, expect, it } from 'vitest';
import type { CompiledFunction } from '@weft/serialize';
import { ISA, instrSize } from '../../src/compile/isa.js';
import { DeserializeError, Engine, Module } from '../../src/index.js';
import { FIXTURE, parts, rebuild } from './helpers.js';

const engine = new Engine();
const artifact = engine.precompileModule(FIXTURE);

/** Every instruction of `f`: position, name, layout. */
function instructions(f: CompiledFunction): Array<{ pc: number; name: string; layout: string }> {
  const out = [];
  for (let pc = 0; pc < f.code.length; pc += instrSize(f.code, pc)) {
    const [name, layout] = ISA[f.code[pc]!]!;
    out.push({ pc, name, layout });
  }
  return out;
}

/** Change the artifact: `edit` gets fresh parts to modify; the result is re-encoded with a valid checksum. */
function tamper(edit: (a: ReturnType<typeof parts>) => void): Uint8Array {
  const a = parts(artifact);
  edit(a);
  return rebuild(a);
}

/** The first instruction (in any function) whose name matches, with its function. */
function find(a: ReturnType<typeof parts>, pattern: RegExp) {
  for (const f of a.code) {
    const hit = instructions(f).find((i) => pattern.test(i.name));
    if (hit) return { f, ...hit };
  }
  throw new Error(`no instruction matches ${pattern}`);
}

/** The message of the `DeserializeError` that `f` throws. */
function failure(f: () => unknown): string {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(DeserializeError);
    return (err as Error).message;
  }
  throw new Error('the tampered artifact was accepted');
}

/** Why `bytes` are rejected by `engine`: eagerly, and lazily with the same message. */
function rejectedBy(e: Engine, bytes: Uint8Array): string {
  const eager = failure(() => Module.deserialize(e, bytes, { verify: 'eager' }));
  expect(failure(() => Module.deserialize(e, bytes).serialize())).toBe(eager);
  return eager;
}

function rejected(bytes: Uint8Array): string {
  return rejectedBy(engine, bytes);
}

describe('hostile artifacts', () => {
  it('accepts the untouched parts', () => {
    expect(Module.deserialize(engine, tamper(() => {})).exports().length).toBeGreaterThan(0);
  });

  it('rejects a slot outside the frame', () => {
    const msg = rejected(tamper((a) => {
      const i = find(a, /^I32_ADD$/);
      i.f.code[i.pc + 1] = i.f.frameSize;
    }));
    expect(msg).toMatch(/function \d+: I32_ADD at \d+: slot \d+ outside the frame of \d+ slots/);
    expect(rejected(tamper((a) => {
      const i = find(a, /^I32_ADD$/);
      i.f.code[i.pc + 2] = -1;
    }))).toMatch(/slot -1 outside the frame/);
    // Every slot operand is checked, the fourth of a select too.
    expect(rejected(tamper((a) => {
      const i = find(a, /^SELECT32$/);
      i.f.code[i.pc + 4] = i.f.frameSize;
    }))).toMatch(/SELECT32 at \d+: slot \d+ outside the frame/);
  });

  it('rejects branch targets outside the code or inside an instruction', () => {
    const into = rejected(tamper((a) => {
      const i = find(a, /^BR$/);
      i.f.code[i.pc + 1] = i.pc + 1;
    }));
    expect(into).toMatch(/branch at \d+ targets \d+, not an instruction/);
    expect(rejected(tamper((a) => {
      const i = find(a, /^BR_TABLE$/);
      i.f.code[i.pc + 3] = i.f.code.length;
    }))).toMatch(/not an instruction/);
    expect(rejected(tamper((a) => {
      const i = find(a, /^BR_TABLE$/);
      i.f.code[i.pc + 2] = 1 << 20;
    }))).toMatch(/BR_TABLE at \d+: bad target count|runs past the end/);
  });

  it('rejects function, type, global, table, element and data indices out of range', () => {
    const cases: Array<[RegExp, string, RegExp]> = [
      [/^CALL$/, 'f', /CALL at \d+: function index 999 out of range \(\d+\)/],
      [/^CALL_INDIRECT$/, 'y', /CALL_INDIRECT at \d+: type index 999 out of range/],
      [/^CALL_INDIRECT$/, 'b', /CALL_INDIRECT at \d+: table index 999 out of range/],
      [/^GLOBAL_GET32$/, 'g', /GLOBAL_GET32 at \d+: global index 999 out of range/],
      [/^TABLE_INIT$/, 'e', /TABLE_INIT at \d+: element segment index 999 out of range/],
      [/^MEMORY_INIT$/, 'a', /MEMORY_INIT at \d+: data segment index 999 out of range/],
    ];
    for (const [name, letter, want] of cases) {
      const msg = rejected(tamper((a) => {
        const i = find(a, name);
        i.f.code[i.pc + 1 + i.layout.indexOf(letter)] = 999;
      }));
      expect(msg).toMatch(want);
    }
  });

  it('rejects unknown opcodes, operands past the end and code that falls off its end', () => {
    expect(rejected(tamper((a) => void (a.code[0]!.code[0] = ISA.length)))).toMatch(/unknown opcode \d+ at 0/);
    const verify = ISA.findIndex(([n]) => n === 'VERIFY');
    expect(rejected(tamper((a) => void (a.code[0]!.code[0] = verify)))).toMatch(/VERIFY at 0: only the loader places it/);
    expect(rejected(tamper((a) => {
      const f = a.code[0]!;
      f.code = f.code.slice(0, f.code.length - 1);
    }))).toMatch(/runs past the end of the code|ends without a return/);
    expect(rejected(tamper((a) => {
      const f = a.code.find((c) => instructions(c).length > 1)!;
      const last = instructions(f).at(-1)!;
      f.code = f.code.slice(0, last.pc);
    }))).toMatch(/ends without a return or branch/);
    expect(rejected(tamper((a) => void (a.code[0]!.code = new Int32Array(0))))).toMatch(/no code/);
  });

  it('rejects writes to immutable globals and calls that overflow the frame', () => {
    expect(rejected(tamper((a) => {
      const i = find(a, /^GLOBAL_SET/);
      const g = i.f.code[i.pc + 1]!;
      a.info.globals[g] = { ...a.info.globals[g]!, mutable: false };
    }))).toMatch(/GLOBAL_SET\w* at \d+: global \d+ is immutable/);
    expect(rejected(tamper((a) => {
      const i = find(a, /^CALL$/);
      i.f.code[i.pc + 2] = i.f.frameSize;
    }))).toMatch(/callee frame at slot \d+ leaves no room/);
  });

  it('rejects a CALL_LOCAL to an imported function, out of range or overflowing the frame', () => {
    // The executor runs a CALL_LOCAL callee as wasm code of the same instance without looking: an import must not get there.
    expect(rejected(tamper((a) => {
      const i = find(a, /^CALL_LOCAL$/);
      i.f.code[i.pc + 1] = 0;
    }))).toMatch(/CALL_LOCAL at \d+: function 0 is not defined by the module/);
    expect(rejected(tamper((a) => {
      const i = find(a, /^CALL_LOCAL$/);
      i.f.code[i.pc + 1] = 999;
    }))).toMatch(/CALL_LOCAL at \d+: function index 999 out of range/);
    expect(rejected(tamper((a) => {
      const i = find(a, /^CALL_LOCAL$/);
      i.f.code[i.pc + 2] = i.f.frameSize;
    }))).toMatch(/CALL_LOCAL at \d+: callee frame at slot \d+ leaves no room/);
  });

  it('rejects headers that disagree with the module', () => {
    expect(rejected(tamper((a) => void (a.code[0]!.frameSize = 0)))).toMatch(/frame of 0 slots cannot hold/);
    expect(rejected(tamper((a) => void (a.code[0]!.numParams += 1)))).toMatch(/arity differs from its type/);
    expect(rejected(tamper((a) => void (a.code[1]!.funcIndex = 0)))).toMatch(/recorded as function 0/);
    expect(rejected(tamper((a) => void (a.code = a.code.slice(0, -1))))).toMatch(/compiled functions for \d+ defined functions/);
  });

  it('runs the module validator over the module info', () => {
    expect(rejected(tamper((a) => void (a.info.exports[0]!.index = 999)))).toMatch(/module info: unknown \w+ 999/);
    expect(rejected(tamper((a) => void (a.info.funcTypes[1] = 99)))).toMatch(/module info: unknown type 99/);
    expect(rejected(tamper((a) => {
      a.info.globalInits[0] = { ops: [{ op: 'f64.const', bits: 0n }], offset: 0 };
    }))).toMatch(/module info: type mismatch/);
    expect(rejected(tamper((a) => {
      a.info.elems[0]!.items[0] = { ops: [{ op: 'ref.func', index: 500 }], offset: 0 };
    }))).toMatch(/module info: unknown function 500/);
  });
});

describe('hostile artifacts for a metered engine (fuel and epochs)', () => {
  const metered = new Engine({ consumeFuel: true, epochInterruption: true });
  const base = metered.precompileModule(FIXTURE);
  const edit = (f: (a: ReturnType<typeof parts>) => void) => {
    const a = parts(base);
    f(a);
    return rebuild(a);
  };
  const reject = (bytes: Uint8Array): string => rejectedBy(metered, bytes);
  /** The first backward branch: its function and the loop head it targets. */
  const loop = (a: ReturnType<typeof parts>) => {
    for (const f of a.code) {
      for (const i of instructions(f)) {
        const t = i.layout.indexOf('t');
        if (t >= 0 && f.code[i.pc + 1 + t]! <= i.pc) return { f, head: f.code[i.pc + 1 + t]! };
      }
    }
    throw new Error('no loop');
  };

  it('accepts the untouched artifact', () => {
    expect(Module.deserialize(metered, base).exports().length).toBeGreaterThan(0);
  });

  it('rejects loops that skip the epoch check or do not pay fuel', () => {
    expect(reject(edit((a) => {
      const { f, head } = loop(a);
      f.code[head] = ISA.findIndex(([n]) => n === 'RETURN'); // no longer an EPOCH
    }))).toMatch(/loop at \d+ \(branch at \d+\) has no epoch check|ends without/);
    expect(reject(edit((a) => {
      const { f, head } = loop(a);
      const fuelAt = instructions(f).find((i) => i.pc > head && i.name === 'FUEL')!.pc;
      f.code[fuelAt + 1] = 0;
    }))).toMatch(/does not charge fuel/);
  });

  it('rejects functions without an entry epoch check, unpaid calls and bad fuel operands', () => {
    expect(reject(edit((a) => {
      const f = a.code[0]!;
      f.code[0] = ISA.findIndex(([n]) => n === 'FUEL_TRAP');
    }))).toMatch(/FUEL_TRAP at 0: only the executor places it/);
    expect(reject(edit((a) => {
      const i = find(a, /^FUEL$/);
      i.f.code[i.pc + 1] = -5;
    }))).toMatch(/negative fuel cost -5/);
    expect(reject(edit((a) => {
      const i = find(a, /^CALL$/);
      for (const j of instructions(i.f)) if (j.name === 'FUEL' && j.pc < i.pc) i.f.code[j.pc + 1] = 0;
    }))).toMatch(/call at \d+ is not charged fuel|does not charge fuel/);
    expect(reject(edit((a) => {
      const f = a.code.find((c) => c.fuel !== undefined && c.fuel.length > 0)!;
      f.fuel![0] = f.code.length + 5;
    }))).toMatch(/bad fuel record 0/);
    const noEntryCheck = reject(edit((a) => {
      const f = a.code[0]!;
      f.code[0] = ISA.findIndex(([n]) => n === 'UNREACHABLE');
    }));
    expect(noEntryCheck).toMatch(/does not start with an epoch check/);
  });
});

describe('hostile artifacts for a fuel-metered engine: chains and their exits', () => {
  const fueled = new Engine({ consumeFuel: true });
  // A loop whose head is inside the chain that falls into it, with an early exit and a conditional block end.
  const base = new Module(fueled, `(module (func (export "f") (param i32 i32) (result i32) (local i32)
    (block $out
      (local.set 2 (i32.add (local.get 0) (i32.const 1)))
      (loop $l
        (br_if $out (i32.gt_u (local.get 2) (i32.const 1000)))
        (local.set 2 (i32.mul (local.get 2) (i32.const 3)))
        (br_if $l (i32.lt_u (local.get 2) (local.get 1)))))
    (local.get 2)))`).serialize();
  const edit = (f: (code: Int32Array) => void) => {
    const a = parts(base);
    f(a.code[0]!.code);
    return rebuild(a);
  };
  const reject = (bytes: Uint8Array): string => rejectedBy(fueled, bytes);
  const code = parts(base).code[0]!;
  const all = instructions(code);
  const exits = all.filter((i) => i.name === 'FUEL_EXIT').map((i) => i.pc);
  const targetOf = (i: { pc: number; layout: string }) => code.code[i.pc + 1 + i.layout.indexOf('t')]!;
  /** The loop's back edge: a conditional branch to an exit stub that jumps back before the branch. */
  const backBranch = all.find((i) => i.name.startsWith('BR_IF') && exits.includes(targetOf(i)) && code.code[targetOf(i) + 2]! <= i.pc)!;
  const back = targetOf(backBranch);
  const refunding = exits.find((pc) => code.code[pc + 3]! > 0)!;

  it('accepts the untouched artifact, which has backward and refunding exits', () => {
    expect(Module.deserialize(fueled, base).exports().length).toBe(1);
    expect(back).toBeDefined();
    expect(refunding).toBeDefined();
  });

  it('rejects a refund of more than the chain was charged', () => {
    expect(reject(edit((c) => {
      c[refunding + 3] += 1000;
      c[refunding + 1] -= 1000;
    }))).toMatch(/refunds more than was charged/);
  });

  it('rejects a negative charge, and a backward exit that charges nothing', () => {
    expect(reject(edit((c) => {
      c[refunding + 1] = -c[refunding + 3]! - 1;
    }))).toMatch(/must refund and charge at least 0/);
    expect(reject(edit((c) => {
      c[back + 1] = -c[back + 3]!;
    }))).toMatch(/does not charge fuel/);
  });

  it('rejects a branch that lands inside a chain it was not charged for', () => {
    expect(reject(edit((c) => {
      // The back edge jumps straight to the loop head instead of through its stub: the loop would run unpaid.
      c[backBranch.pc + 1 + backBranch.layout.indexOf('t')] = c[back + 2]!;
    }))).toMatch(/inside a fuel chain|does not charge fuel/);
  });
});
