/* Dense matrix multiply of doubles, C = A * B, in i-k-j order (unit-stride inner loop). */
#include "bench.h"

#define N 240

static double a[N][N], b[N][N], c[N][N];

/* Entries are small multiples of 1/64, so every product and partial sum is exact in a
 * double: the checksum cannot depend on summation order or vectorisation. */
static void fill(double m[N][N], u32 seed) {
  for (int i = 0; i < N; i++)
    for (int j = 0; j < N; j++) m[i][j] = (double)((i32)(xorshift32(&seed) % 255) - 127) / 64.0;
}

BENCH_EXPORT i64 run(void) {
  fill(a, 12345);
  fill(b, 67890);
  for (int i = 0; i < N; i++) {
    for (int j = 0; j < N; j++) c[i][j] = 0.0;
    for (int k = 0; k < N; k++) {
      double aik = a[i][k];
      for (int j = 0; j < N; j++) c[i][j] += aik * b[k][j];
    }
  }
  /* c*4096 is an exact integer; weight by position so a transposed result differs. */
  u64 sum = 0;
  for (int i = 0; i < N; i++)
    for (int j = 0; j < N; j++) sum = sum * 1000003u + (u64)(i64)(c[i][j] * 4096.0);
  return MASK63(sum);
}
