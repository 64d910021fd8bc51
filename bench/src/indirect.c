/* Indirect calls through a function table: a state machine picks one of 16 small functions (of two signatures)
   through function pointers on every step, so every step is a call_indirect clang cannot devirtualise. */
#include "bench.h"

typedef uint32_t (*op2)(uint32_t, uint32_t);
typedef uint64_t (*op1)(uint64_t);

#define NOI __attribute__((noinline))
NOI static uint32_t f0(uint32_t a, uint32_t b) { return a + b; }
NOI static uint32_t f1(uint32_t a, uint32_t b) { return a ^ (b << 3); }
NOI static uint32_t f2(uint32_t a, uint32_t b) { return a * 2654435761u + b; }
NOI static uint32_t f3(uint32_t a, uint32_t b) { return (a >> 5) | (b << 27); }
NOI static uint32_t f4(uint32_t a, uint32_t b) { return a - b * 3; }
NOI static uint32_t f5(uint32_t a, uint32_t b) { return a < b ? b - a : a - b; }
NOI static uint32_t f6(uint32_t a, uint32_t b) { return (a & 0xffff) * (b >> 16); }
NOI static uint32_t f7(uint32_t a, uint32_t b) { return ~a + (b ^ 0x5bd1e995u); }
NOI static uint64_t g0(uint64_t x) { return x * 0x9e3779b97f4a7c15ull; }
NOI static uint64_t g1(uint64_t x) { return x ^ (x >> 29); }
NOI static uint64_t g2(uint64_t x) { return x + 0x632be59bd9b4e019ull; }
NOI static uint64_t g3(uint64_t x) { return (x << 7) | (x >> 57); }
NOI static uint64_t g4(uint64_t x) { return x - (x >> 3); }
NOI static uint64_t g5(uint64_t x) { return x ^ 0xdeadbeefcafef00dull; }
NOI static uint64_t g6(uint64_t x) { return x * 5 + 1; }
NOI static uint64_t g7(uint64_t x) { return ~x; }

static op2 table2[8] = {f0, f1, f2, f3, f4, f5, f6, f7};
static op1 table1[8] = {g0, g1, g2, g3, g4, g5, g6, g7};

int main(int argc, char **argv) {
  int pct = bench_scale(argc, argv);
  long steps = scaled(30000000, pct);
  uint32_t a = 1 + (uint32_t)pct, b = 7;
  uint64_t x = 99;
  for (long i = 0; i < steps; i++) {
    uint32_t c = table2[(a ^ b) & 7](a, b);
    b = a;
    a = c + (uint32_t)i;
    if ((i & 3) == 0) x = table1[(c >> 7) & 7](x) + c;
  }
  bench_print("indirect", ((uint64_t)a << 32 | b) ^ x);
  return 0;
}
