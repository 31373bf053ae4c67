/* 128-bit SIMD: the same work written three ways, picked at compile time.
 *   wasm32 -msimd128   wasm_simd128.h intrinsics (the fixed-width SIMD proposal's v128 ops)
 *   x86-64 (SSE2)      emmintrin.h intrinsics, op for op the same lane operations
 *   anything else, or -DSIMD_DOT_SCALAR   plain C, one lane at a time
 * Three phases, each returning a 32-bit hash, chained into the checksum:
 *   fir        64-tap FIR filter over 12-bit samples: i32x4.dot_i16x8_s (pmaddwd), i32x4 adds
 *   transform  4x4 float matrix times 4-vectors: lane splats (shuffles), f32x4 mul/add,
 *              i32x4.trunc_sat_f32x4_s
 *   blend      RGBA alpha blend of two images: u8 -> u16 widening, i16x8 mul/add/shr,
 *              u8x16 narrowing, v128 loads and stores at unaligned addresses
 * All arithmetic is exact (integer lanes cannot overflow a lane, the float inputs are small
 * multiples of 1/16 so every product and sum is exact), so all three builds agree bit for bit
 * whatever the order of operations. Unlike the other kernels this one includes the
 * compiler's own intrinsics headers (freestanding, no libc). */
#include "bench.h"

#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#define SIMD_WASM 1
#elif defined(__SSE2__) && !defined(SIMD_DOT_SCALAR)
#include <emmintrin.h>
#define SIMD_SSE2 1
#endif

#define NX (1 << 14)       /* fir: samples */
#define TAPS 64            /* fir: taps, a multiple of 8 */
#define FIR_ROUNDS 96      /* fir: passes over the samples, each with a new filter */
#define NV 4096            /* transform: 4-vectors */
#define XF_ROUNDS 640      /* transform: passes, each with a new matrix */
#define PIXELS (128 * 128) /* blend: RGBA pixels per image */
#define FRAMES 640         /* blend: frames, each blending into the previous result */
#define SHIFT_SPAN 4096    /* blend: the source image slides over this many extra bytes */

static short x[NX];
static short h[TAPS];
static float vec[NV * 4];
static float mat[16]; /* column-major: mat[4 * c + r] */
static u8 src[PIXELS * 4 + SHIFT_SPAN];
static u8 img0[PIXELS * 4], img1[PIXELS * 4];

static short sample12(u32 *seed) { return (short)((i32)(xorshift32(seed) % 4096) - 2048); }
static float sixteenths(u32 *seed) { return (float)((i32)(xorshift32(seed) % 128) - 64) / 16.0f; }

/* ---------------------------------------------------------------------------- fir */

/* y[i] = sum_k x[i + k] * h[k]: |x|, |h| <= 2048 and 64 taps keep |y| < 2^28. */
static u32 fir(void) {
  u32 hash = 0;
  for (int i = 0; i + TAPS <= NX; i++) {
#if SIMD_WASM
    v128_t acc = wasm_i32x4_splat(0);
    for (int k = 0; k < TAPS; k += 8)
      acc = wasm_i32x4_add(acc, wasm_i32x4_dot_i16x8(wasm_v128_load(&x[i + k]),
                                                     wasm_v128_load(&h[k])));
    u32 y = (u32)wasm_i32x4_extract_lane(acc, 0) + (u32)wasm_i32x4_extract_lane(acc, 1) +
            (u32)wasm_i32x4_extract_lane(acc, 2) + (u32)wasm_i32x4_extract_lane(acc, 3);
#elif SIMD_SSE2
    __m128i acc = _mm_setzero_si128();
    for (int k = 0; k < TAPS; k += 8)
      acc = _mm_add_epi32(acc, _mm_madd_epi16(_mm_loadu_si128((const __m128i *)&x[i + k]),
                                              _mm_loadu_si128((const __m128i *)&h[k])));
    acc = _mm_add_epi32(acc, _mm_shuffle_epi32(acc, 0x4e)); /* lanes 2,3,0,1 */
    acc = _mm_add_epi32(acc, _mm_shuffle_epi32(acc, 0xb1)); /* lanes 1,0,3,2 */
    u32 y = (u32)_mm_cvtsi128_si32(acc);
#else
    u32 y = 0;
    for (int k = 0; k < TAPS; k++) y += (u32)((i32)x[i + k] * (i32)h[k]);
#endif
    hash = hash * 31u + y;
  }
  return hash;
}

/* ---------------------------------------------------------------------- transform */

/* out = M * v for every v; each lane of out*256 is an exact integer below 2^15 in magnitude
 * (4 products of two multiples of 1/16 below 4), summed per lane in wrapping i32. */
static u32 transform(void) {
  u32 lane[4];
#if SIMD_WASM
  v128_t c0 = wasm_v128_load(&mat[0]), c1 = wasm_v128_load(&mat[4]),
         c2 = wasm_v128_load(&mat[8]), c3 = wasm_v128_load(&mat[12]);
  v128_t scale = wasm_f32x4_splat(256.0f), acc = wasm_i32x4_splat(0);
  for (int n = 0; n < NV; n++) {
    v128_t v = wasm_v128_load(&vec[4 * n]);
    v128_t o = wasm_f32x4_mul(c0, wasm_i32x4_shuffle(v, v, 0, 0, 0, 0));
    o = wasm_f32x4_add(o, wasm_f32x4_mul(c1, wasm_i32x4_shuffle(v, v, 1, 1, 1, 1)));
    o = wasm_f32x4_add(o, wasm_f32x4_mul(c2, wasm_i32x4_shuffle(v, v, 2, 2, 2, 2)));
    o = wasm_f32x4_add(o, wasm_f32x4_mul(c3, wasm_i32x4_shuffle(v, v, 3, 3, 3, 3)));
    acc = wasm_i32x4_add(acc, wasm_i32x4_trunc_sat_f32x4(wasm_f32x4_mul(o, scale)));
  }
  wasm_v128_store(lane, acc);
#elif SIMD_SSE2
  __m128 c0 = _mm_loadu_ps(&mat[0]), c1 = _mm_loadu_ps(&mat[4]), c2 = _mm_loadu_ps(&mat[8]),
         c3 = _mm_loadu_ps(&mat[12]);
  __m128 scale = _mm_set1_ps(256.0f);
  __m128i acc = _mm_setzero_si128();
  for (int n = 0; n < NV; n++) {
    __m128 v = _mm_loadu_ps(&vec[4 * n]);
    __m128 o = _mm_mul_ps(c0, _mm_shuffle_ps(v, v, 0x00));
    o = _mm_add_ps(o, _mm_mul_ps(c1, _mm_shuffle_ps(v, v, 0x55)));
    o = _mm_add_ps(o, _mm_mul_ps(c2, _mm_shuffle_ps(v, v, 0xaa)));
    o = _mm_add_ps(o, _mm_mul_ps(c3, _mm_shuffle_ps(v, v, 0xff)));
    acc = _mm_add_epi32(acc, _mm_cvttps_epi32(_mm_mul_ps(o, scale)));
  }
  _mm_storeu_si128((__m128i *)lane, acc);
#else
  for (int r = 0; r < 4; r++) lane[r] = 0;
  for (int n = 0; n < NV; n++)
    for (int r = 0; r < 4; r++) {
      float o = mat[r] * vec[4 * n] + mat[4 + r] * vec[4 * n + 1] +
                mat[8 + r] * vec[4 * n + 2] + mat[12 + r] * vec[4 * n + 3];
      lane[r] += (u32)(i32)(o * 256.0f);
    }
#endif
  return lane[0] ^ (lane[1] * 3u) ^ (lane[2] * 5u) ^ (lane[3] * 7u);
}

/* ------------------------------------------------------------------------- blend */

/* dst = (a * alpha + b * (256 - alpha)) >> 8 per byte, alpha in 1..256: at most 255 * 256,
 * so the u16 lanes never wrap and the narrowing never saturates. */
static void blend(u8 *dst, const u8 *a, const u8 *b, u32 alpha) {
#if SIMD_WASM
  v128_t wa = wasm_i16x8_splat((short)alpha), wb = wasm_i16x8_splat((short)(256 - alpha));
  for (int i = 0; i < PIXELS * 4; i += 16) {
    v128_t va = wasm_v128_load(a + i), vb = wasm_v128_load(b + i);
    v128_t lo = wasm_i16x8_add(wasm_i16x8_mul(wasm_u16x8_extend_low_u8x16(va), wa),
                               wasm_i16x8_mul(wasm_u16x8_extend_low_u8x16(vb), wb));
    v128_t hi = wasm_i16x8_add(wasm_i16x8_mul(wasm_u16x8_extend_high_u8x16(va), wa),
                               wasm_i16x8_mul(wasm_u16x8_extend_high_u8x16(vb), wb));
    wasm_v128_store(dst + i, wasm_u8x16_narrow_i16x8(wasm_u16x8_shr(lo, 8), wasm_u16x8_shr(hi, 8)));
  }
#elif SIMD_SSE2
  __m128i wa = _mm_set1_epi16((short)alpha), wb = _mm_set1_epi16((short)(256 - alpha));
  __m128i zero = _mm_setzero_si128();
  for (int i = 0; i < PIXELS * 4; i += 16) {
    __m128i va = _mm_loadu_si128((const __m128i *)(a + i));
    __m128i vb = _mm_loadu_si128((const __m128i *)(b + i));
    __m128i lo = _mm_add_epi16(_mm_mullo_epi16(_mm_unpacklo_epi8(va, zero), wa),
                               _mm_mullo_epi16(_mm_unpacklo_epi8(vb, zero), wb));
    __m128i hi = _mm_add_epi16(_mm_mullo_epi16(_mm_unpackhi_epi8(va, zero), wa),
                               _mm_mullo_epi16(_mm_unpackhi_epi8(vb, zero), wb));
    _mm_storeu_si128((__m128i *)(dst + i),
                     _mm_packus_epi16(_mm_srli_epi16(lo, 8), _mm_srli_epi16(hi, 8)));
  }
#else
  for (int i = 0; i < PIXELS * 4; i++)
    dst[i] = (u8)(((u32)a[i] * alpha + (u32)b[i] * (256 - alpha)) >> 8);
#endif
}

static u32 blend_frames(void) {
  u8 *prev = img0, *next = img1;
  for (u32 f = 0; f < FRAMES; f++) {
    /* The source slides by a whole number of pixels, so most loads are not 16-aligned. */
    blend(next, src + (f * 4 * 389) % SHIFT_SPAN, prev, 1 + (f * 37) % 256);
    u8 *t = prev;
    prev = next;
    next = t;
  }
  u32 hash = 0;
  for (int i = 0; i < PIXELS * 4; i += 4)
    hash = hash * 31u + ((u32)prev[i] | (u32)prev[i + 1] << 8 | (u32)prev[i + 2] << 16 |
                         (u32)prev[i + 3] << 24);
  return hash;
}

/* --------------------------------------------------------------------------- run */

BENCH_EXPORT i64 run(void) {
  u32 seed = 2463534242u;
  u64 sum = 0;

  for (int i = 0; i < NX; i++) x[i] = sample12(&seed);
  for (int r = 0; r < FIR_ROUNDS; r++) {
    for (int k = 0; k < TAPS; k++) h[k] = sample12(&seed);
    sum = sum * 1000003u + fir();
  }

  for (int i = 0; i < NV * 4; i++) vec[i] = sixteenths(&seed);
  for (int r = 0; r < XF_ROUNDS; r++) {
    for (int k = 0; k < 16; k++) mat[k] = sixteenths(&seed);
    sum = sum * 1000003u + transform();
  }

  for (int i = 0; i < PIXELS * 4 + SHIFT_SPAN; i++) src[i] = (u8)xorshift32(&seed);
  for (int i = 0; i < PIXELS * 4; i++) img0[i] = (u8)(xorshift32(&seed) >> 8);
  sum = sum * 1000003u + blend_frames();

  return MASK63(sum);
}
