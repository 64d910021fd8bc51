/* Call-heavy recursion: naive Fibonacci, Takeuchi's tak and Ackermann, every call a real wasm call (noinline). */
#include "bench.h"

__attribute__((noinline)) static uint32_t fib(uint32_t n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

__attribute__((noinline)) static int tak(int x, int y, int z) {
  return y < x ? tak(tak(x - 1, y, z), tak(y - 1, z, x), tak(z - 1, x, y)) : z;
}

__attribute__((noinline)) static uint32_t ack(uint32_t m, uint32_t n) {
  if (m == 0) return n + 1;
  if (n == 0) return ack(m - 1, 1);
  return ack(m - 1, ack(m, n - 1));
}

int main(int argc, char **argv) {
  int pct = bench_scale(argc, argv);
  long rounds = scaled(30, pct);
  uint64_t sum = 0;
  for (long r = 0; r < rounds; r++) {
    sum = sum * 31 + fib(27 + (uint32_t)(r & 1));
    sum = sum * 31 + (uint32_t)tak(18 + (int)(r & 1), 12, 6);
    sum = sum * 31 + ack(2, 2000 + (uint32_t)r);
  }
  bench_print("fib-calls", sum);
  return 0;
}
