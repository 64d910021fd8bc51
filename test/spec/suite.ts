/**
 * Where the spec suite is and what the harness runs of it: the suite folder (`../shared/wasm-testsuite` beside
 * the repository, or `$WEFT_TESTSUITE`), the groups with their file filters, the configurations ("variants")
 * every group runs under, and the checked-in list of known failures.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WastOptions } from '@weft/cli';
import { Module } from '@weft/engine';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../..');

/** The wasm-testsuite folder (with `json/<group>/<name>/<name>.json` inside). */
export const SUITE_DIR = process.env['WEFT_TESTSUITE'] ?? resolve(repoRoot, '../shared/wasm-testsuite');

/** A group of the suite and which of its files the harness runs. */
export interface Group {
  name: string;
  include(file: string): boolean;
}

/** Core Wasm 2.0 without SIMD, and the five table files converted from an older commit. */
export const GROUPS: readonly Group[] = [
  { name: 'core', include: (file) => !file.startsWith('simd_') },
  { name: 'core-2022-tables', include: () => true },
];

/** A configuration the whole suite runs under. Add fuel, artifact round trip, ... here. */
export interface Variant {
  name: string;
  options: WastOptions;
}

export const VARIANTS: readonly Variant[] = [
  { name: 'default', options: { config: {} } },
  // Every module goes through serialize → deserialize (with all of its checks) before it is instantiated, compiled
  // with fuel and epoch checks so the artifact's metering rules and fuel records are exercised too.
  {
    name: 'artifact',
    options: {
      config: { consumeFuel: true, epochInterruption: true },
      loadModule: (engine, bytes) => Module.deserialize(engine, new Module(engine, bytes).serialize()),
      prepareStore: (store) => {
        store.setFuel(Number.MAX_SAFE_INTEGER);
        store.setEpochDeadline(2 ** 40);
      },
    },
  },
  // Fuel metering compiled in (every basic block charged), with a budget no spec test can exhaust.
  {
    name: 'fuel',
    options: { config: { consumeFuel: true }, prepareStore: (store) => store.setFuel(Number.MAX_SAFE_INTEGER) },
  },
];

/** One command file: `id` is `<group>/<name>`, as known-failure entries name it. */
export interface SpecFile {
  id: string;
  path: string;
}

/** The files of a group that exist on disk, sorted; empty when the suite is absent. */
export function groupFiles(group: Group): SpecFile[] {
  const dir = join(SUITE_DIR, 'json', group.name);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => group.include(name) && existsSync(join(dir, name, `${name}.json`)))
    .sort()
    .map((name) => ({ id: `${group.name}/${name}`, path: join(dir, name, `${name}.json`) }));
}

/** A command that is known to fail, and why. `variants` limits it to some variants (default: all). */
export interface KnownFailure {
  file: string;
  line: number;
  reason: string;
  variants?: string[];
}

const KNOWN_PATH = join(here, 'known-failures.json');

export function loadKnownFailures(): KnownFailure[] {
  return JSON.parse(readFileSync(KNOWN_PATH, 'utf8')) as KnownFailure[];
}

/** Rewrite the list (update mode), sorted by file and line, one entry per line for readable diffs. */
export function saveKnownFailures(entries: KnownFailure[]): void {
  const sorted = [...entries].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  const body = sorted.map((e) => `  ${JSON.stringify(e)}`).join(',\n');
  writeFileSync(KNOWN_PATH, sorted.length === 0 ? '[]\n' : `[\n${body}\n]\n`);
}
