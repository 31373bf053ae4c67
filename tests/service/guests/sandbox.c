// Probes the sandbox a Dapr wasm binding gives its guest (spec §6.6) through wasi-libc, one
// "key=value" line each:
//   home        getenv("HOME"), "(null)" when unset      environ   number of environment entries
//   passwd      fopen("/etc/passwd"): "ok" or "fail"      opendir   opendir("."): "ok" or "fail"
//   prestat3    fd_prestat_get(3): WASI errno (8 = EBADF: no preopened directory)
//   isatty0/1   isatty() of stdin and stdout              realtime  CLOCK_REALTIME in ns
//   random      16 bytes from getentropy, in hex
// With argv[1] == "sleep" it then sleeps 1 s and prints slept_ms, measured on CLOCK_MONOTONIC.
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <wasi/api.h>

extern char** environ;

static uint64_t clock_ns(clockid_t id) {
  struct timespec ts;
  if (clock_gettime(id, &ts) != 0) return 0;
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

int main(int argc, char** argv) {
  const char* home = getenv("HOME");
  printf("home=%s\n", home ? home : "(null)");
  int entries = 0;
  for (char** e = environ; e && *e; ++e) ++entries;
  printf("environ=%d\n", entries);

  FILE* passwd = fopen("/etc/passwd", "r");
  printf("passwd=%s\n", passwd ? "ok" : "fail");
  if (passwd) fclose(passwd);
  DIR* dir = opendir(".");
  printf("opendir=%s\n", dir ? "ok" : "fail");
  if (dir) closedir(dir);
  __wasi_prestat_t prestat;
  printf("prestat3=%u\n", (unsigned)__wasi_fd_prestat_get(3, &prestat));

  printf("isatty0=%d\nisatty1=%d\n", isatty(0), isatty(1));
  printf("realtime=%llu\n", (unsigned long long)clock_ns(CLOCK_REALTIME));

  unsigned char random[16];
  if (getentropy(random, sizeof random) != 0) return 1;
  fputs("random=", stdout);
  for (size_t i = 0; i < sizeof random; ++i) printf("%02x", random[i]);
  putchar('\n');

  if (argc > 1 && strcmp(argv[1], "sleep") == 0) {
    uint64_t before = clock_ns(CLOCK_MONOTONIC);
    sleep(1);
    printf("slept_ms=%llu\n", (unsigned long long)((clock_ns(CLOCK_MONOTONIC) - before) / 1000000u));
  }
  return 0;
}
