// Writes exactly 1 MiB to stdout: 16384 lines of 64 bytes, "line NNNNN " padded with the
// alphabet and ended by '\n', so any lost, repeated or reordered chunk shows in the test.
#include <stdio.h>
#include <string.h>

int main(void) {
  static const char alphabet[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  char line[65];
  for (int i = 0; i < 16384; ++i) {
    int n = snprintf(line, sizeof line, "line %05d ", i);
    memcpy(line + n, alphabet, (size_t)(63 - n));
    line[63] = '\n';
    fwrite(line, 1, 64, stdout);
  }
  return 0;
}
