// A/B of two built worktrees on the plain weft configuration, for a machine too loaded for wall-clock times:
// every run is a fresh process (so each pays its own JIT warm-up, as a short real run does), the two sides
// alternate run by run, and the measure is the process CPU time (all threads, so TurboFan's background compiles
// count) of the `_start` call. Prints per program the median CPU ms with ranges, the after/before ratio, the wall
// medians, and the geometric mean of the ratios. With WARM=1 each process first runs the program once untimed
// (steady state: handler speed without the JIT's start-up).
//
//   node bench/ab.mjs ../weft-before 3 5 fib-calls matmul     before-worktree, rounds, scale %, programs
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');

if (process.argv[2] === '--one') {
  const [, , , wt, name, scale] = process.argv;
  const { CONFIGS, runWeft, tryEngine, wasiLinker } = await import(`${wt}/bench/harness.mjs`);
  const { Module } = await import(`${wt}/packages/engine/dist/index.js`);
  const c = CONFIGS[0];
  const { engine } = tryEngine(c);
  const module = new Module(engine, readFileSync(`${wt}/bench/programs/${name}.wasm`));
  const linker = wasiLinker(engine);
  if (process.env.WARM) runWeft(linker, module, [name, scale], c.prepare);
  const u0 = process.cpuUsage();
  const r = runWeft(linker, module, [name, scale], c.prepare);
  const u = process.cpuUsage(u0);
  console.log(JSON.stringify({ wall: r.ms, cpu: (u.user + u.system) / 1000, out: r.out.trim().split('\n').pop() }));
  process.exit(0);
}

const [before, rounds, scale, ...programs] = process.argv.slice(2);
if (!before || !programs.length) throw new Error('usage: node bench/ab.mjs <before-worktree> <rounds> <scale%> <program...>');
const sides = [['before', before], ['after', here]];
const runs = {};
for (let r = 0; r < Number(rounds); r++) {
  for (const p of programs) {
    for (const [side, wt] of r % 2 ? [...sides].reverse() : sides) {
      const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--one', wt, p, scale], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      ((runs[p] ??= { before: [], after: [] })[side]).push(JSON.parse(out));
    }
  }
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const range = (xs) => `${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)}`;
const ratios = [];
console.log('| program | before CPU ms | after CPU ms | after/before | wall ms before → after |');
console.log('| --- | ---: | ---: | ---: | ---: |');
for (const p of programs) {
  const { before: b, after: a } = runs[p];
  if (b[0].out !== a[0].out) throw new Error(`${p}: outputs differ: ${b[0].out} / ${a[0].out}`);
  const bc = median(b.map((x) => x.cpu));
  const ac = median(a.map((x) => x.cpu));
  ratios.push(ac / bc);
  const wall = `${median(b.map((x) => x.wall)).toFixed(0)} → ${median(a.map((x) => x.wall)).toFixed(0)}`;
  console.log(`| ${p} | ${bc.toFixed(0)} (${range(b.map((x) => x.cpu))}) | ${ac.toFixed(0)} (${range(a.map((x) => x.cpu))}) | ${(ac / bc).toFixed(2)} | ${wall} |`);
}
const g = Math.exp(ratios.reduce((s, x) => s + Math.log(x), 0) / ratios.length);
console.log(`\ngeomean after/before (CPU): ${g.toFixed(3)}; ${rounds} rounds, scale ${scale} %${process.env.WARM ? ', steady state (WARM=1)' : ''}`);
