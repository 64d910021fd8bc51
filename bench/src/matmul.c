/* Memory-heavy loops: dense double matrix multiply C = A * B (i-k-j order, row-major, 256x256 matrices, 1.5 MB),
   repeated with A perturbed each round, plus an i32 transpose-and-sum pass that strides through memory. */
#include <string.h>
#include "bench.h"

#define N 256
static double A[N * N], B[N * N], C[N * N];
static int32_t T[N * N], U[N * N];

int main(int argc, char **argv) {
  int pct = bench_scale(argc, argv);
  long rounds = scaled(50, pct);
  uint32_t seed = 12345 + (uint32_t)pct;
  for (int i = 0; i < N * N; i++) {
    seed = seed * 1103515245u + 12345u;
    A[i] = (double)(seed >> 16 & 1023) / 1024.0;
    seed = seed * 1103515245u + 12345u;
    B[i] = (double)(seed >> 16 & 1023) / 512.0 - 1.0;
    T[i] = (int32_t)(seed >> 8);
  }
  double trace = 0;
  uint32_t isum = 0;
  for (long r = 0; r < rounds; r++) {
    memset(C, 0, sizeof C);
    for (int i = 0; i < N; i++)
      for (int k = 0; k < N; k++) {
        double a = A[i * N + k];
        for (int j = 0; j < N; j++) C[i * N + j] += a * B[k * N + j];
      }
    for (int i = 0; i < N; i++) trace += C[i * N + i];
    A[r % (N * N)] += 0.5;
    for (int i = 0; i < N; i++)
      for (int j = 0; j < N; j++) U[j * N + i] = T[i * N + j] + (int32_t)r;
    for (int i = 0; i < N * N; i += 7) isum += (uint32_t)U[i] * 31u;
  }
  uint64_t bits;
  memcpy(&bits, &trace, sizeof bits);
  bench_print("matmul", bits ^ isum);
  return 0;
}
