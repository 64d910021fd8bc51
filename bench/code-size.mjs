// The denominator of "ns per code byte", shared by run.mjs (through harness.mjs) and lowering.mjs, which must
// not import the built engine.
/** The size in bytes of a module's code section (id 10), the denominator of "ns per code byte". */
export function codeSectionSize(bytes) {
  let at = 8;
  const uleb = () => {
    let result = 0, shift = 0, b;
    do {
      b = bytes[at++];
      result += (b & 0x7f) * 2 ** shift;
      shift += 7;
    } while (b & 0x80);
    return result;
  };
  while (at < bytes.length) {
    const id = bytes[at++];
    const size = uleb();
    if (id === 10) return size;
    at += size;
  }
  return 0;
}
