/* Sieve of Eratosthenes: byte-array stores and a tight strided inner loop. */
#include "bench.h"

#define LIMIT (1 << 22) /* primes below 4,194,304: there are 295,947 */
#define SQRT_LIMIT 2048 /* primes above it have no unmarked multiples below LIMIT */

static u8 composite[LIMIT];

static u32 sieve(void) {
  for (u32 i = 0; i < LIMIT; i++) composite[i] = 0;
  u32 count = 0;
  for (u32 i = 2; i < LIMIT; i++) {
    if (composite[i]) continue;
    count++;
    if (i < SQRT_LIMIT)
      for (u32 j = i * i; j < LIMIT; j += i) composite[j] = 1;
  }
  return count;
}

BENCH_EXPORT i32 run(void) {
  u32 count = sieve();
  /* Fold in the largest prime so a sieve that counts right but marks wrong is caught. */
  u32 largest = LIMIT - 1;
  while (composite[largest]) largest--;
  return MASK31(count * 31 + largest);
}
