/**
 * `FormatError`: an artifact's bytes do not follow the format (bad magic, other format version, truncation,
 * checksum mismatch, a section that does not decode). This package depends on nothing else in weft, so it has its
 * own error class; the engine turns it into its `DeserializeError`.
 */

/** The bytes are not a well-formed weft artifact; `message` says where and why. */
export class FormatError extends Error {
  override name = 'FormatError';
}
