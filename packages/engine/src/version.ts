/** The engine's version, kept equal to `packages/engine/package.json` (a test checks it); artifacts record it. */
export const WEFT_VERSION = '0.1.0';
