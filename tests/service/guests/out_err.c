// Writes "out" to stdout and an "err" line to stderr: only "out" may reach the HTTP response,
// and (as in Dapr) the stderr text is not logged either.
#include <stdio.h>

int main(void) {
  fputs("err: stderr of the out_err guest\n", stderr);
  fflush(stderr);
  fputs("out", stdout);
  return 0;
}
