// Plumbing guest for tests/wasi/plumbing_test.py. `stdio.wasm MODE [ARGS...]`:
//   a number N   print argv, the environment and stdin on stdout, a line on stderr, exit N
//   trap         hit `unreachable`
//   loop         spin forever (for --timeout)
//   alloc N      malloc N bytes, print "alloc=ok" or "alloc=null" (for --max-memory-pages)
//   preopens     print "preopen=NAME" for each preopened directory, in fd order
//   cat PATH     copy the file at PATH (opened by wasi-libc, so relative to the preopens) to stdout
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wasi/api.h>

#include "errno_names.h"

extern char** environ;

static int compare(const void* a, const void* b) {
  return strcmp(*(const char* const*)a, *(const char* const*)b);
}

int main(int argc, char** argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: stdio.wasm EXIT_CODE|trap|loop|alloc N [ARGS...]\n");
    return 2;
  }
  if (strcmp(argv[1], "trap") == 0) __builtin_trap();
  if (strcmp(argv[1], "loop") == 0) {
    for (volatile unsigned i = 0;; ++i) {
    }
  }
  if (strcmp(argv[1], "alloc") == 0 && argc > 2) {
    static void* volatile kept;  // used, so the compiler cannot drop the malloc
    kept = malloc((size_t)strtoul(argv[2], NULL, 0));
    printf("alloc=%s\n", kept ? "ok" : "null");
    return 0;
  }

  if (strcmp(argv[1], "preopens") == 0) {
    for (__wasi_fd_t fd = 3;; ++fd) {
      __wasi_prestat_t prestat;
      if (__wasi_fd_prestat_get(fd, &prestat) != 0) return 0;
      char name[256] = {0};
      if (prestat.u.dir.pr_name_len >= sizeof name ||
          __wasi_fd_prestat_dir_name(fd, (uint8_t*)name, prestat.u.dir.pr_name_len) != 0)
        strcpy(name, "?");
      printf("preopen=%s\n", name);
    }
  }
  if (strcmp(argv[1], "cat") == 0 && argc > 2) {
    FILE* f = fopen(argv[2], "r");
    if (!f) {
      printf("cat: errno=%s\n", errno_name(errno));
      return 1;
    }
    char buf[4096];
    size_t got;
    while ((got = fread(buf, 1, sizeof buf, f)) > 0) fwrite(buf, 1, got, stdout);
    fclose(f);
    return 0;
  }

  printf("argc=%d\n", argc);
  for (int i = 0; i < argc; ++i) printf("argv[%d]=%s\n", i, argv[i]);
  size_t n = 0;
  while (environ && environ[n]) ++n;
  char** env = malloc((n + 1) * sizeof *env);
  for (size_t i = 0; i < n; ++i) env[i] = environ[i];
  qsort(env, n, sizeof *env, compare);
  for (size_t i = 0; i < n; ++i) printf("env=%s\n", env[i]);
  char buf[4096];
  size_t total = 0, got;
  printf("stdin=");
  while ((got = fread(buf, 1, sizeof buf, stdin)) > 0) {
    fwrite(buf, 1, got, stdout);
    total += got;
  }
  printf("\nstdin_bytes=%zu\n", total);
  fprintf(stderr, "stderr line\n");
  return atoi(argv[1]);
}
