/* i64 arithmetic and hashing: splitmix64 generates words, a murmur3-style fmix64 and an FNV-1a 64 fold them, and
   64-bit multiply-high, division and remainder keep the i64 ALU busy. */
#include "bench.h"

static uint64_t splitmix64(uint64_t *s) {
  uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

static uint64_t fmix64(uint64_t k) {
  k ^= k >> 33;
  k *= 0xff51afd7ed558ccdull;
  k ^= k >> 33;
  k *= 0xc4ceb9fe1a85ec53ull;
  return k ^ (k >> 33);
}

int main(int argc, char **argv) {
  int pct = bench_scale(argc, argv);
  long n = scaled(70000000, pct);
  uint64_t s = 42 + (uint64_t)pct, fnv = 0xcbf29ce484222325ull, mix = 0, divs = 0;
  for (long i = 0; i < n; i++) {
    uint64_t w = splitmix64(&s);
    for (int b = 0; b < 64; b += 16) {
      fnv ^= (w >> b) & 0xffff;
      fnv *= 0x100000001b3ull;
    }
    mix = fmix64(mix ^ w) + (mix << 7 | mix >> 57);
    uint64_t d = (w >> 40) | 1;
    divs += w / d + (int64_t)w % (int64_t)(d | 3);
  }
  bench_print("i64-hash", fnv ^ mix ^ divs);
  return 0;
}
