// Prints "before-trap", flushes, then traps the way argv[1] says:
//   unreachable (default)  __builtin_trap(), the `unreachable` instruction
//   div                    i32.div_s by a zero the compiler cannot see
//   oob                    a load far past the end of linear memory
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static volatile int32_t zero = 0;
static volatile uintptr_t far_address = 0xFFFFFFF0u;

int main(int argc, char** argv) {
  const char* mode = argc > 1 ? argv[1] : "unreachable";
  fputs("before-trap", stdout);
  fflush(stdout);
  if (strcmp(mode, "div") == 0) return 100 / zero;
  if (strcmp(mode, "oob") == 0) return *(volatile int32_t*)far_address;
  __builtin_trap();
}
