/* Recursive Fibonacci: measures call/return overhead. The source makes about 2*fib(n)
 * calls; clang -O2 turns one of the two recursive calls into a loop, halving that. */
#include "bench.h"

/* Volatile so the compiler cannot fold fib(N) to a constant. */
static volatile i32 n_input = 34; /* fib(34) = 5702887 */

static i32 fib(i32 n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

BENCH_EXPORT i32 run(void) { return fib(n_input); }
