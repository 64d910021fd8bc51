import { describe, expect, it } from 'vitest';
import * as weft from './index.js';

describe('public barrel', () => {
  it('exports exactly the public API', () => {
    expect(Object.keys(weft).sort()).toEqual(
      [
        'CallHook',
        'Caller',
        'CompileError',
        'DeserializeError',
        'Engine',
        'ExitError',
        'Func',
        'Global',
        'Instance',
        'InstancePre',
        'LinkError',
        'Linker',
        'Memory',
        'Module',
        'Store',
        'Table',
        'TRAP_MESSAGES',
        'Trap',
        'TrapCode',
        'TypedFunc',
        'Val',
        'WeftError',
        'wat2wasm',
        'parseWast',
      ].sort(),
    );
  });
});
