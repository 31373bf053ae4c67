// contrib's testdata/example guest (spec §6.2 #8): prints "hello " followed by argv[1].
#include <stdio.h>

int main(int argc, char** argv) {
  printf("hello %s", argc > 1 ? argv[1] : "");
  return 0;
}
