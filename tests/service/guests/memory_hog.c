// Grows linear memory 1 MiB at a time (touching every page) until malloc fails, then prints
// "pages=N" with the final memory size in 64 KiB pages and exits 0. Under a maxMemoryPages
// limit memory.grow must fail cleanly at the limit; without one it would take up to 4 GiB.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// The blocks are chained and the chain is kept in a volatile global, so the compiler can
// neither drop the allocations nor assume malloc never fails.
static void* volatile chain;

int main(void) {
  for (;;) {
    char* block = malloc(1 << 20);
    if (block == NULL) break;
    memset(block, 0xA5, 1 << 20);
    *(void**)block = chain;
    chain = block;
  }
  printf("pages=%lu", (unsigned long)__builtin_wasm_memory_size(0));
  return 0;
}
