/** The `Trap` that `f` throws; any other error is rethrown as it is, and returning normally fails the test. */
import { Trap } from '@weft/engine';

export function trapOf(f: () => unknown): Trap {
  try {
    f();
  } catch (err) {
    if (err instanceof Trap) return err;
    throw err;
  }
  throw new Error('expected a trap');
}
