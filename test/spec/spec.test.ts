/**
 * The WebAssembly spec suite through weft's public API: every file of the groups in `suite.ts`, under every
 * variant, one test per file. A test fails when a command fails that `known-failures.json` does not list, or
 * when a listed command passes now (so the list only shrinks honestly). Counts per group are printed.
 * `WEFT_UPDATE_KNOWN_FAILURES=1` rewrites the list instead (new entries get a TODO reason to fill in).
 * Where the suite is absent (`../shared/wasm-testsuite`), the tests say so and skip.
 */
import { existsSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { Engine } from '@weft/engine';
import { runWastFile, type FileResult } from '@weft/cli';
import {
  GROUPS,
  SUITE_DIR,
  VARIANTS,
  groupFiles,
  loadKnownFailures,
  saveKnownFailures,
  type KnownFailure,
} from './suite.js';

const present = existsSync(SUITE_DIR);
const updating = process.env['WEFT_UPDATE_KNOWN_FAILURES'] === '1';
const known = loadKnownFailures();

const key = (file: string, line: number) => `${file}:${line}`;
/** Entries fixed in some variant, and failures not listed, gathered for update mode. */
const fixedKeys = new Set<string>();
const added: KnownFailure[] = [];

if (!present) {
  console.warn(`spec suite not found at ${SUITE_DIR}: spec tests skipped (set WEFT_TESTSUITE to run them)`);
}

describe.skipIf(!present)('spec suite', () => {
  it('lists known failures only for files that exist', () => {
    const ids = new Set(GROUPS.flatMap((g) => groupFiles(g).map((f) => f.id)));
    expect(known.filter((e) => !ids.has(e.file))).toEqual([]);
  });

  for (const variant of VARIANTS) {
    describe(variant.name, () => {
      const engine = new Engine(variant.options.config);
      const options = { ...variant.options, engine };
      const applies = (e: KnownFailure) => e.variants === undefined || e.variants.includes(variant.name);

      for (const group of GROUPS) {
        describe(group.name, () => {
          const results: FileResult[] = [];
          afterAll(() => {
            const sum = (k: 'passed' | 'failed' | 'skipped') => results.reduce((n, r) => n + r[k], 0);
            const ms = results.reduce((n, r) => n + r.durationMs, 0);
            console.log(
              `spec ${variant.name} ${group.name}: ${sum('passed')} passed, ${sum('failed')} failed, ` +
                `${sum('skipped')} skipped (${results.length} files, ${(ms / 1000).toFixed(1)} s)`,
            );
          });

          for (const file of groupFiles(group)) {
            it(file.id, () => {
              const result = runWastFile(file.path, options);
              results.push(result);
              const listed = new Map(known.filter((e) => e.file === file.id && applies(e)).map((e) => [e.line, e]));
              const failing = new Set(result.failures.map((f) => f.line));
              const unexpected = result.failures
                .filter((f) => !listed.has(f.line))
                .map((f) => `line ${f.line}: ${f.command}: ${f.message}`);
              const fixed = [...listed.values()]
                .filter((e) => !failing.has(e.line))
                .map((e) => `line ${e.line} passes now (listed: ${e.reason})`);
              if (updating) {
                for (const e of listed.values()) if (!failing.has(e.line)) fixedKeys.add(key(e.file, e.line));
                for (const f of result.failures.filter((f) => !listed.has(f.line))) {
                  const reason = `TODO: ${f.command}: ${f.message}`;
                  const entry: KnownFailure = { file: file.id, line: f.line, reason };
                  if (variant.name !== 'default') entry.variants = [variant.name];
                  added.push(entry);
                }
                return;
              }
              expect({ unexpected, fixed }).toEqual({ unexpected: [], fixed: [] });
            });
          }
        });
      }
    });
  }

  afterAll(() => {
    if (!updating) return;
    const kept = known.filter((e) => !fixedKeys.has(key(e.file, e.line)));
    const seen = new Set(kept.map((e) => key(e.file, e.line)));
    saveKnownFailures([...kept, ...added.filter((e) => !seen.has(key(e.file, e.line)))]);
  });
});
