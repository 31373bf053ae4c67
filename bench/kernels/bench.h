/* Shared by every kernel. Kernels are freestanding C: no libc, no headers, no imports, so
 * the same source builds as a wasm32 module and as a native program (native_main.c). */
#ifndef WASMBIND_BENCH_H
#define WASMBIND_BENCH_H

/* In wasm the entry point must be an export named "run"; natively native_main.c calls it. */
#ifdef __wasm__
#define BENCH_EXPORT __attribute__((export_name("run")))
#else
#define BENCH_EXPORT
#endif

/* Fixed widths on both targets (wasm32 is ILP32, x86-64 LP64; int and long long agree). */
typedef unsigned char u8;
typedef unsigned int u32;
typedef int i32;
typedef unsigned long long u64;
typedef long long i64;

/* Checksums are masked to be non-negative so every runner prints the same decimal
 * whether it formats results as signed or unsigned. */
#define MASK31(x) ((i32)((u32)(x) & 0x7fffffffu))
#define MASK63(x) ((i64)((u64)(x) & 0x7fffffffffffffffull))

/* xorshift32: deterministic input data without libc's rand(). Seed must be non-zero. */
static inline u32 xorshift32(u32 *state) {
  u32 x = *state;
  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  *state = x;
  return x;
}

/* clang -O2 turns zeroing and copying loops into memset/memcpy calls. With no libc the
 * module must define them itself, or they would become imports. (LLVM never rewrites a
 * function named memset/memcpy into a call to itself.) Natively libc provides them. */
#ifdef __wasm__
void *memset(void *dst, int c, __SIZE_TYPE__ n) {
  u8 *d = dst;
  while (n--) *d++ = (u8)c;
  return dst;
}
void *memcpy(void *dst, const void *src, __SIZE_TYPE__ n) {
  u8 *d = dst;
  const u8 *s = src;
  while (n--) *d++ = *s++;
  return dst;
}
#endif

#endif
