// Increments a counter in linear memory (a C static) and prints it. Every call must print 1:
// each request gets a fresh instance, so no memory survives between calls.
#include <stdio.h>

static volatile int calls;

int main(void) {
  calls = calls + 1;
  printf("%d", calls);
  return 0;
}
