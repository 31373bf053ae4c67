/* Native twin of a wasm kernel, built as
 *   clang -O2 -DKERNEL_SRC='"kernels/NAME.c"' native_main.c -lm
 * so it runs the very same source the wasm module is built from. stdout gets the checksum
 * exactly as `wasmbind invoke` prints it (one decimal per line); stderr gets the time spent
 * inside run(), wall and CPU, which excludes process start-up (that matters for kernels of
 * a few ms). */
#include <stdio.h>
#include <time.h>
#include KERNEL_SRC

static double clock_ms(clockid_t clock) {
  struct timespec ts;
  clock_gettime(clock, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int main(void) {
  double wall = clock_ms(CLOCK_MONOTONIC), cpu = clock_ms(CLOCK_PROCESS_CPUTIME_ID);
  /* run() returns i32 or i64 depending on the kernel; _Generic picks the format. */
  __typeof__(run()) r = run();
  wall = clock_ms(CLOCK_MONOTONIC) - wall;
  cpu = clock_ms(CLOCK_PROCESS_CPUTIME_ID) - cpu;
  printf(_Generic(r, i32: "%d\n", i64: "%lld\n"), r);
  fprintf(stderr, "run_ms=%.3f cpu_ms=%.3f\n", wall, cpu);
  return 0;
}
