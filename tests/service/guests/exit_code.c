// Writes argv[1] (default "partial") to stdout, flushes it so the bytes really left the
// guest, then exits with the status in argv[2] (default 3). With status 3 Dapr discards the
// output and answers "module closed with exit_code(3)"; with 0 the output is the answer.
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char** argv) {
  fputs(argc > 1 ? argv[1] : "partial", stdout);
  fflush(stdout);
  exit(argc > 2 ? atoi(argv[2]) : 3);
}
