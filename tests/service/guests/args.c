// Prints argv joined with "\n" and no trailing newline (spec §6.2): argv[0] is the guest name
// the binding derives from the url, the rest are metadata.args split on commas.
#include <stdio.h>

int main(int argc, char** argv) {
  for (int i = 0; i < argc; ++i) {
    if (i > 0) putchar('\n');
    fputs(argv[i], stdout);
  }
  return 0;
}
