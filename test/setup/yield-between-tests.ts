/**
 * Let the event loop run between tests. Vitest awaits each test with microtasks only, so a file of many
 * synchronous tests (the spec suite runs ~270) would hold its worker's event loop for minutes, and vitest's own
 * worker RPC would time out ("Timeout calling onTaskUpdate") although every test passed.
 */
import { beforeEach } from 'vitest';

beforeEach(() => new Promise<void>((resolve) => setImmediate(resolve)));
