/**
 * The compiled form of one function: instance-independent threaded code plus what the executor needs to set up
 * its frame and to map code positions back to wasm byte offsets for backtraces. This is what artifacts store
 * (section `weft.code`); the engine's compiler produces it and re-exports this interface from `compile/compiled.ts`.
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
  /**
   * Present when compiled with fuel metering: triples (code position where the operator's code starts, wasm byte
   * offset, fuel cost of its basic block up to and including it), one per operator that costs fuel, in code
   * order. The executor uses it to stop at the exact operator that cannot be paid and to refund the unexecuted
   * rest of a basic block when a trap ends it early; without it, fuel after a trap is not exact.
   */
  fuel?: Int32Array | undefined;
}
