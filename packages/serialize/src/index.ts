/**
 * `@weft/serialize`: weft's module data model (what the decoder produces and artifacts store).
 * The AOT artifact format builds on it.
 *
 * @packageDocumentation
 */
export * from './model.js';
