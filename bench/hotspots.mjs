// Summarise a V8 .cpuprofile (from `node --cpu-prof`): self time per function, and inside the dispatch loop
// (the function whose source has `case N /* NAME */:` labels, as esbuild emits the ISA const enum) self time per
// instruction handler, by attributing each sampled line to the nearest `case` label above it.
//   node bench/hotspots.mjs profile.cpuprofile [top=25]
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const [file, topArg = '25'] = process.argv.slice(2);
const top = Number(topArg);
const profile = JSON.parse(readFileSync(file, 'utf8'));
const dt = (profile.endTime - profile.startTime) / 1000 / profile.samples.length; // ms per sample
const hits = new Map(profile.samples.reduce((m, id) => m.set(id, (m.get(id) ?? 0) + 1), new Map()));
const total = profile.samples.length;

const byFunc = new Map();
const byLine = new Map(); // url -> Map(line -> ticks)
for (const node of profile.nodes) {
  const n = hits.get(node.id) ?? 0;
  if (n === 0) continue;
  const { functionName, url, lineNumber } = node.callFrame;
  const key = `${functionName || '(anonymous)'} ${url ? url.split('/').slice(-3).join('/') : ''}:${lineNumber + 1}`;
  byFunc.set(key, (byFunc.get(key) ?? 0) + n);
  if (url && node.positionTicks) {
    const lines = byLine.get(url) ?? new Map();
    for (const { line, ticks } of node.positionTicks) lines.set(line, (lines.get(line) ?? 0) + ticks);
    byLine.set(url, lines);
  }
}
const pct = (n) => `${((100 * n) / total).toFixed(1).padStart(5)}%`;
console.log(`${total} samples, ${(total * dt).toFixed(0)} ms\n\nself time by function:`);
for (const [k, n] of [...byFunc].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${pct(n)}  ${k}`);

for (const [url, lines] of byLine) {
  if ([...lines.values()].reduce((a, b) => a + b, 0) < total / 50) continue; // under 2% of samples
  if (!url.startsWith('file:')) continue;
  let src;
  try {
    src = readFileSync(fileURLToPath(url), 'utf8').split('\n');
  } catch {
    continue;
  }
  const caseAt = (line) => {
    for (let l = line - 1; l >= 0 && line - l < 400; l--) {
      const label = (k) => /^\s*case \d+ \/\* (\w+) \*\/:/.exec(src[k])?.[1];
      if (label(l)) {
        // Cases stacked on one handler (`case I32_LOAD: case F32_LOAD: {`) share it: name them all.
        const names = [];
        for (let k = l; k >= 0 && label(k); k--) names.unshift(label(k));
        return names.join('|');
      }
      if (/^\s*default:/.test(src[l])) return '(loop back-edge, default)';
      if (/^\s*switch \(/.test(src[l])) return '(dispatch)';
    }
    return undefined;
  };
  const byCase = new Map();
  for (const [line, n] of lines) {
    const name = caseAt(line);
    if (name) byCase.set(name, (byCase.get(name) ?? 0) + n);
  }
  if (byCase.size === 0) continue;
  const sum = [...byCase.values()].reduce((a, b) => a + b, 0);
  console.log(`\ndispatch loop in ${url.split('/').slice(-3).join('/')}: ${pct(sum)} of all samples; by handler:`);
  for (const [k, n] of [...byCase].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${pct(n)}  ${k}`);
}
