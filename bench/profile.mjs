// Run one benchmark program once on weft, for profiling against the built dist:
//   node --cpu-prof --cpu-prof-dir=/tmp/prof bench/profile.mjs i64-hash [scale%] [weft|fuel|epochs]
//   node --trace-deopt bench/profile.mjs interp 10
// then `node bench/hotspots.mjs /tmp/prof/*.cpuprofile` for the hottest functions and dispatch-loop cases.
import { readFileSync } from 'node:fs';
import { Module } from '@weft/engine';
import { CONFIGS, runWeft, tryEngine, wasiLinker } from './harness.mjs';

const [name, scale = '10', configName = 'weft'] = process.argv.slice(2);
if (!name) throw new Error('usage: node bench/profile.mjs <program> [scale%] [weft|fuel|epochs]');
const c = CONFIGS.find((x) => x.name === configName);
if (!c) throw new Error(`unknown configuration ${configName}`);
const { engine, error } = tryEngine(c);
if (error) throw new Error(`${configName}: ${error}`);
const bytes = readFileSync(new URL(`./programs/${name}.wasm`, import.meta.url));
const module = new Module(engine, bytes);
const r = runWeft(wasiLinker(engine), module, [name, scale], c.prepare);
console.log(`${name} on ${configName} at ${scale}%: ${r.ms.toFixed(0)} ms, exit ${r.code}: ${r.out.trim().split('\n').pop()}`);
