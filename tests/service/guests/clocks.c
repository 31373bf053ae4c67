// Reads the WASI clocks and random source directly (no libc in between, so every read is one
// host call) for the strictSandbox checks of spec §6.6 #31, one "key=value" line each:
//   mono      three clock_time_get(MONOTONIC) reads     real      two clock_time_get(REALTIME)
//   res_real  clock_res_get(REALTIME)                    random    16 bytes of random_get, hex
// With argv[1] == "sleep" it first blocks 1 s in poll_oneoff on a relative monotonic timer
// (what sleep(1) does) and prints "slept"; strict mode must return from it at once.
#include <stdio.h>
#include <string.h>
#include <wasi/api.h>

static unsigned long long now(__wasi_clockid_t id) {
  __wasi_timestamp_t t = 0;
  if (__wasi_clock_time_get(id, 1, &t) != 0) return 0;
  return t;
}

int main(int argc, char** argv) {
  if (argc > 1 && strcmp(argv[1], "sleep") == 0) {
    __wasi_subscription_t timer;
    memset(&timer, 0, sizeof timer);
    timer.u.tag = __WASI_EVENTTYPE_CLOCK;
    timer.u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
    timer.u.u.clock.timeout = 1000000000u;
    __wasi_event_t event;
    __wasi_size_t events = 0;
    if (__wasi_poll_oneoff(&timer, &event, 1, &events) != 0 || events != 1) return 1;
    puts("slept");
  }
  unsigned long long m0 = now(__WASI_CLOCKID_MONOTONIC);
  unsigned long long m1 = now(__WASI_CLOCKID_MONOTONIC);
  unsigned long long m2 = now(__WASI_CLOCKID_MONOTONIC);
  printf("mono=%llu,%llu,%llu\n", m0, m1, m2);
  unsigned long long r0 = now(__WASI_CLOCKID_REALTIME);
  unsigned long long r1 = now(__WASI_CLOCKID_REALTIME);
  printf("real=%llu,%llu\n", r0, r1);
  __wasi_timestamp_t resolution = 0;
  if (__wasi_clock_res_get(__WASI_CLOCKID_REALTIME, &resolution) != 0) resolution = 0;
  printf("res_real=%llu\n", (unsigned long long)resolution);
  unsigned char random[16];
  if (__wasi_random_get(random, sizeof random) != 0) return 1;
  fputs("random=", stdout);
  for (size_t i = 0; i < sizeof random; ++i) printf("%02x", random[i]);
  putchar('\n');
  return 0;
}
