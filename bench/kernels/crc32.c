/* CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320), table-driven: byte loads, table
 * lookups and shifts. The table is computed at run time. */
#include "bench.h"

#define BUF_SIZE (1 << 20)
#define PASSES 12

static u8 buf[BUF_SIZE];
static u32 table[256];

static void make_table(void) {
  for (u32 i = 0; i < 256; i++) {
    u32 c = i;
    for (int k = 0; k < 8; k++) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    table[i] = c;
  }
}

static u32 crc32(u32 crc, const u8 *p, u32 n) {
  crc = ~crc;
  for (u32 i = 0; i < n; i++) crc = table[(crc ^ p[i]) & 0xff] ^ (crc >> 8);
  return ~crc;
}

BENCH_EXPORT i32 run(void) {
  make_table();
  u32 seed = 1234567u;
  for (u32 i = 0; i < BUF_SIZE; i++) buf[i] = (u8)xorshift32(&seed);
  /* Chained: each pass continues the CRC of the previous ones (as if one long stream). */
  u32 crc = 0;
  for (int p = 0; p < PASSES; p++) crc = crc32(crc, buf, BUF_SIZE);
  return MASK31(crc);
}
