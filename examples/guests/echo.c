// Echo guest: copies stdin to stdout unchanged. Behind the `echo` example component (and the
// load benchmark) it answers each request with the JSON text of its `data`.
#include <stdio.h>

int main(void) {
  char buffer[16384];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, stdin)) > 0) {
    if (fwrite(buffer, 1, n, stdout) != n) return 1;
  }
  return ferror(stdin) ? 1 : 0;
}
