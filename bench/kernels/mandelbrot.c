/* Mandelbrot set: escape-time iteration count over a grid; f64 multiply-add chains with a
 * data-dependent loop exit. */
#include "bench.h"

#define WIDTH 600
#define HEIGHT 400
#define MAX_ITER 200

BENCH_EXPORT i32 run(void) {
  u32 total = 0, inside = 0;
  for (int py = 0; py < HEIGHT; py++) {
    double ci = -1.2 + 2.4 * py / HEIGHT;
    for (int px = 0; px < WIDTH; px++) {
      double cr = -2.2 + 3.2 * px / WIDTH;
      double zr = 0, zi = 0;
      int it = 0;
      while (it < MAX_ITER && zr * zr + zi * zi <= 4.0) {
        double t = zr * zr - zi * zi + cr;
        zi = 2.0 * zr * zi + ci;
        zr = t;
        it++;
      }
      total += (u32)it;
      inside += it == MAX_ITER;
    }
  }
  return MASK31(total * 7 + inside);
}
