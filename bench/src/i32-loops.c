/* i32 loops: Collatz step counts over a range with 32-bit wrapping arithmetic, and a xorshift32 stream folded
   with shifts, rotates, multiplies and compares. Pure register work, branchy, no memory traffic. */
#include "bench.h"

static uint32_t rotl(uint32_t x, int k) { return (x << k) | (x >> (32 - k)); }

int main(int argc, char **argv) {
  int pct = bench_scale(argc, argv);
  uint32_t limit = (uint32_t)scaled(1600000, pct);
  uint32_t steps = 0, peak = 0;
  for (uint32_t n = 1; n <= limit; n++) {
    uint32_t x = n, s = 0;
    while (x != 1) {
      x = (x & 1) ? 3 * x + 1 : x >> 1;
      s++;
    }
    steps += s;
    if (s > peak) peak = s;
  }
  uint32_t x = 0x9e3779b9u ^ (uint32_t)pct, acc = 0;
  long rounds = scaled(90000000, pct);
  for (long i = 0; i < rounds; i++) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    acc += rotl(x, (int)(i & 31)) * 0x85ebca6bu;
    if ((int32_t)acc < 0) acc ^= x >> 3;
  }
  bench_print("i32-loops", ((uint64_t)steps << 32 | peak) ^ acc);
  return 0;
}
