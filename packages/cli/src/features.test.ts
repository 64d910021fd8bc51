/** Tests of --features parsing into Config flags. */
import { describe, expect, it } from 'vitest';
import { FEATURE_FLAGS, parseFeatures } from './features.js';

describe('parseFeatures', () => {
  it('turns names on and -names off', () => {
    expect(parseFeatures('simd,-multi-value')).toEqual({ wasmSimd: true, wasmMultiValue: false });
  });
  it('lets later entries win, with all / -all', () => {
    const config = parseFeatures('-all,bulk-memory') as Record<string, boolean>;
    expect(Object.keys(config).sort()).toEqual(Object.values(FEATURE_FLAGS).sort());
    expect(config['wasmBulkMemory']).toBe(true);
    expect(config['wasmReferenceTypes']).toBe(false);
  });
  it('ignores empty items and rejects unknown names', () => {
    expect(parseFeatures(' , ')).toEqual({});
    expect(() => parseFeatures('threads')).toThrow(/unknown feature 'threads'/);
  });
});
