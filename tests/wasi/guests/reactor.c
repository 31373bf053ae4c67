// A reactor (no _start; wasi-libc's _initialize runs constructors) for `wasmbind run --invoke`.
#include <stdio.h>

static int initialized;

__attribute__((constructor)) static void init(void) { initialized = 1; }

__attribute__((export_name("add"))) int add(int a, int b) { return a + b; }

// 1 once _initialize ran the constructors.
__attribute__((export_name("initialized"))) int was_initialized(void) { return initialized; }

// WASI works in a reactor too: prints to stdout, returns its argument doubled.
__attribute__((export_name("say"))) long long say(long long x) {
  printf("say %lld\n", x);
  fflush(stdout);
  return 2 * x;
}
