/* Shared by the benchmark programs: the work scale (argv[1], percent of the full size, default 100; 0 = one round
   of each loop, a smoke test; it also keeps clang from folding the work into constants) and the checksum line
   every program prints. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static int bench_scale(int argc, char **argv) {
  int pct = argc > 1 ? atoi(argv[1]) : 100;
  return pct >= 0 ? pct : 100;
}

/* n scaled by pct percent, at least 1. */
static long scaled(long n, int pct) {
  long r = n * pct / 100;
  return r > 0 ? r : 1;
}

static void bench_print(const char *name, uint64_t checksum) {
  printf("%s: checksum %016llx\n", name, (unsigned long long)checksum);
}
