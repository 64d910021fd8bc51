/**
 * Test helper: where the official spec suite is (`$WEFT_TESTSUITE`, else `../shared/wasm-testsuite` beside the
 * repository), whether it is there, and its wabt command files for the groups the engine's own tests read
 * (json/core without `simd_*`, and json/core-2022-tables). The full harness with variants and known failures is
 * `test/spec/`; this is the small part the decoder, validator, text and fuzz tests share.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** The wasm-testsuite folder (with `json/<group>/<name>/<name>.json` and `wast/<group>/<name>.wast` inside). */
export const SUITE = process.env['WEFT_TESTSUITE'] ?? resolve(repoRoot, '../shared/wasm-testsuite');

/** Whether the suite is there; tests that need it skip, saying so, when it is not. */
export const SUITE_PRESENT = existsSync(join(SUITE, 'json', 'core'));

/** The groups the engine's tests read. */
export const SUITE_GROUPS = ['core', 'core-2022-tables'] as const;

/** One command of a wast2json command file (the fields these tests read). */
export interface SpecCommand {
  type: string;
  line: number;
  filename?: string;
  text?: string;
  module_type?: string;
}

/** One `<name>.json` command file and the folder its modules lie in. */
export interface SpecCommandFile {
  group: string;
  name: string;
  dir: string;
  commands: SpecCommand[];
}

/** Every command file of `SUITE_GROUPS` except `simd_*`, in a fixed order (group, then name). */
export function specCommandFiles(): SpecCommandFile[] {
  const files: SpecCommandFile[] = [];
  for (const group of SUITE_GROUPS) {
    const root = join(SUITE, 'json', group);
    if (!existsSync(root)) continue;
    for (const name of readdirSync(root).sort()) {
      if (name.startsWith('simd_')) continue;
      const dir = join(root, name);
      const file = join(dir, `${name}.json`);
      if (!existsSync(file)) continue;
      const { commands } = JSON.parse(readFileSync(file, 'utf8')) as { commands: SpecCommand[] };
      files.push({ group, name, dir, commands });
    }
  }
  return files;
}
