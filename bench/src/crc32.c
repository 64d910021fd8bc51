/* Byte processing: table-driven CRC-32 (IEEE, reflected), Adler-32 and a byte histogram over a generated 1 MiB
   buffer, the buffer rewritten between passes. Loads and stores of single bytes dominate. */
#include "bench.h"

#define SIZE (1 << 20)
static uint8_t buf[SIZE];
static uint32_t table[256];

int main(int argc, char **argv) {
  int pct = bench_scale(argc, argv);
  long passes = scaled(128, pct);
  for (uint32_t i = 0; i < 256; i++) {
    uint32_t c = i;
    for (int k = 0; k < 8; k++) c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
    table[i] = c;
  }
  uint32_t seed = 2463534242u + (uint32_t)pct;
  for (int i = 0; i < SIZE; i++) {
    seed ^= seed << 13; seed ^= seed >> 17; seed ^= seed << 5;
    buf[i] = (uint8_t)(seed >> 24) & ((i & 4096) ? 0x3f : 0xff);
  }
  uint32_t crc_all = 0, adler_all = 0;
  uint32_t hist[256] = {0};
  for (long p = 0; p < passes; p++) {
    uint32_t crc = 0xffffffffu, a = 1, b = 0;
    for (int i = 0; i < SIZE; i++) {
      uint8_t c = buf[i];
      crc = table[(crc ^ c) & 0xff] ^ (crc >> 8);
      a += c;
      if (a >= 65521) a -= 65521;
      b += a;
      if (b >= 65521) b -= 65521;
      hist[c]++;
    }
    crc_all = crc_all * 33 + ~crc;
    adler_all = adler_all * 33 + (b << 16 | a);
    for (int i = 0; i < SIZE; i += 61) buf[i] = (uint8_t)(buf[i] + p);
  }
  uint64_t h = 0;
  for (int i = 0; i < 256; i++) h = h * 131 + hist[i];
  bench_print("crc32", ((uint64_t)crc_all << 32 | adler_all) ^ h);
  return 0;
}
