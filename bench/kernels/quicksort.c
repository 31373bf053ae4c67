/* Quicksort of PRNG-filled 32-bit keys: data-dependent branches and swaps. */
#include "bench.h"

#define COUNT 500000

static u32 keys[COUNT];

static void insertion_sort(u32 *a, i32 n) {
  for (i32 i = 1; i < n; i++) {
    u32 v = a[i];
    i32 j = i - 1;
    while (j >= 0 && a[j] > v) { a[j + 1] = a[j]; j--; }
    a[j + 1] = v;
  }
}

/* Hoare partition around a median-of-three pivot; recurse on the smaller side and loop on
 * the larger so the (wasm shadow and native) stack depth stays O(log n). */
static void quicksort(u32 *a, i32 n) {
  while (n > 16) {
    u32 x = a[0], y = a[n / 2], z = a[n - 1];
    u32 pivot = x < y ? (y < z ? y : (x < z ? z : x)) : (x < z ? x : (y < z ? z : y));
    i32 i = -1, j = n;
    for (;;) {
      do i++; while (a[i] < pivot);
      do j--; while (a[j] > pivot);
      if (i >= j) break;
      u32 t = a[i]; a[i] = a[j]; a[j] = t;
    }
    i32 left = j + 1; /* a[0..j] <= pivot <= a[j+1..n) */
    if (left < n - left) { quicksort(a, left); a += left; n -= left; }
    else { quicksort(a + left, n - left); n = left; }
  }
  insertion_sort(a, n);
}

BENCH_EXPORT i32 run(void) {
  u32 seed = 88172645u;
  for (i32 i = 0; i < COUNT; i++) keys[i] = xorshift32(&seed);
  quicksort(keys, COUNT);
  u32 sum = 0;
  for (i32 i = 0; i < COUNT; i++) {
    if (i > 0 && keys[i - 1] > keys[i]) return -1; /* never a valid checksum */
    sum = sum * 31 + keys[i];
  }
  return MASK31(sum);
}
