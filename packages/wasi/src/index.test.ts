/** Pins the export list of the `@weft/wasi` barrel, so nothing leaks into the public API by accident. */
import { describe, expect, it } from 'vitest';
import * as wasi from './index.js';

describe('@weft/wasi barrel', () => {
  it('exports exactly the public API', () => {
    expect(Object.keys(wasi).sort()).toEqual(
      [
        'CaptureStream',
        'Errno',
        'ErrnoError',
        'Filetype',
        'MemFs',
        'NodeFs',
        'Rights',
        'WASI_FUNCTIONS',
        'WASI_MODULE',
        'WasiCtx',
        'WasiCtxBuilder',
        'addToLinker',
        'captureStream',
        'errnoName',
        'inheritStderr',
        'inheritStdin',
        'inheritStdout',
        'inputStream',
        'nullStream',
        'systemClocks',
        'systemRandom',
        'testClocks',
        'testRandom',
      ].sort(),
    );
  });
});
