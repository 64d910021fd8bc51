/* Compression: an LZ77 compressor with a hash table of recent positions (greedy matching, 64 KiB window) over
   generated text-like data, then the decompressor, checked against the input. Byte loads, compares and copies. */
#include <string.h>
#include "bench.h"

#define SIZE (512 * 1024)
#define HASH_BITS 15
static uint8_t input[SIZE], packed[SIZE + SIZE / 8 + 16], output[SIZE];
static int32_t head[1 << HASH_BITS];

static const char *words[] = {"the ", "quick ", "brown ", "fox ", "jumps ", "over ", "lazy ", "dog ", "wasm ",
                              "engine ", "fuel ", "epoch ", "stack ", "frame ", "table ", "memory "};

static uint32_t hash3(const uint8_t *p) {
  return ((uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2]) * 2654435761u >> (32 - HASH_BITS);
}

/* Tokens: a flag byte per 8 tokens; literal = 1 byte; match = 3 bytes (distance 16 bits, length-3 8 bits). */
static int compress(const uint8_t *in, int n, uint8_t *out) {
  for (int i = 0; i < (1 << HASH_BITS); i++) head[i] = -1;
  int ip = 0, op = 0, flag_at = 0, bit = 8;
  while (ip < n) {
    if (bit == 8) { flag_at = op++; out[flag_at] = 0; bit = 0; }
    int best = 0, dist = 0;
    if (ip + 3 <= n) {
      uint32_t h = hash3(in + ip);
      int cand = head[h];
      head[h] = ip;
      if (cand >= 0 && ip - cand < 65536) {
        int max = n - ip < 258 ? n - ip : 258, len = 0;
        while (len < max && in[cand + len] == in[ip + len]) len++;
        if (len >= 3) { best = len; dist = ip - cand; }
      }
    }
    if (best) {
      out[flag_at] |= (uint8_t)(1 << bit);
      out[op++] = (uint8_t)dist; out[op++] = (uint8_t)(dist >> 8); out[op++] = (uint8_t)(best - 3);
      for (int k = 1; k < best && ip + k + 3 <= n; k++) head[hash3(in + ip + k)] = ip + k;
      ip += best;
    } else {
      out[op++] = in[ip++];
    }
    bit++;
  }
  return op;
}

static int decompress(const uint8_t *in, int n, uint8_t *out) {
  int ip = 0, op = 0;
  while (ip < n) {
    uint8_t flags = in[ip++];
    for (int bit = 0; bit < 8 && ip < n; bit++) {
      if (flags & (1 << bit)) {
        int dist = in[ip] | in[ip + 1] << 8, len = in[ip + 2] + 3;
        ip += 3;
        for (int k = 0; k < len; k++, op++) out[op] = out[op - dist];
      } else {
        out[op++] = in[ip++];
      }
    }
  }
  return op;
}

int main(int argc, char **argv) {
  int pct = bench_scale(argc, argv);
  long rounds = scaled(100, pct);
  uint32_t seed = 7 + (uint32_t)pct;
  uint64_t sum = 0;
  for (long r = 0; r < rounds; r++) {
    int n = 0;
    while (n < SIZE) {
      seed = seed * 1664525u + 1013904223u;
      const char *w = words[seed >> 28];
      if ((seed >> 8 & 15) == 0) w = "\n";
      for (; *w && n < SIZE; w++) input[n++] = (uint8_t)(*w ^ ((seed >> 12 & 31) == 0 ? 0x20 : 0));
    }
    int packed_len = compress(input, SIZE, packed);
    int out_len = decompress(packed, packed_len, output);
    if (out_len != SIZE || memcmp(input, output, SIZE) != 0) { printf("lz77: round trip failed\n"); return 1; }
    uint32_t h = 2166136261u;
    for (int i = 0; i < packed_len; i++) h = (h ^ packed[i]) * 16777619u;
    sum = sum * 1000003 + ((uint64_t)packed_len << 32 | h);
  }
  bench_print("lz77", sum);
  return 0;
}
