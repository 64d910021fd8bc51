/**
 * The compiled form of one function: instance-independent threaded code plus what the executor needs to set up
 * its frame and to map code positions back to wasm byte offsets for backtraces. This is what artifacts store.
 */
export interface CompiledFunction {
  /** Index in the module's function index space. */
  funcIndex: number;
  /** Type index in the module. */
  typeIndex: number;
  numParams: number;
  numResults: number;
  /** Parameters + declared locals: slots `[0, numLocals)` of the frame. */
  numLocals: number;
  /** Slots the frame needs in all (locals, operand stack, temporaries, outgoing call arguments). */
  frameSize: number;
  /** The threaded code. */
  code: Int32Array;
  /** Pairs (code position, wasm byte offset), sorted by position, for backtraces. */
  offsets: Int32Array;
}
