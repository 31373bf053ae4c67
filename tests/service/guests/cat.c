// Copies stdin to stdout byte for byte, to show what the binding put on the guest's stdin.
#include <stdio.h>

int main(void) {
  char buffer[8192];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, stdin)) > 0) fwrite(buffer, 1, n, stdout);
  return ferror(stdin) ? 1 : 0;
}
