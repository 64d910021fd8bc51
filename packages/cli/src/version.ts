/** The weft command's version, kept equal to `packages/cli/package.json` (a test checks it). */
export const VERSION = '0.1.0';
