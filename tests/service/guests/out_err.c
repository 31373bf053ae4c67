// Writes "out" to stdout and "err" to stderr: only "out" may reach the HTTP response.
#include <stdio.h>

int main(void) {
  fputs("err", stderr);
  fflush(stderr);
  fputs("out", stdout);
  return 0;
}
