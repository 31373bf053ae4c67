/* A tiny switch-dispatched stack VM running a bytecode loop: the classic interpreter
 * pattern (a jump-table branch per opcode, operand stack in memory). The bytecode sums
 * the Collatz trajectory lengths of 1..LIMIT-1. */
#include "bench.h"

#define LIMIT 4000

enum { PUSH, LOAD, STORE, ADD, MUL, AND, SHR, EQ, LT, JZ, JMP, HALT };

/* Filled at run time by a small assembler (so jump targets are computed, not hand-counted);
 * that also keeps the compiler from specialising the interpreter to this program. */
static i32 code[128];
static i32 code_len;

static void emit(i32 op) { code[code_len++] = op; }
static void emit_arg(i32 op, i32 arg) { emit(op); emit(arg); }
/* Emits a jump with a placeholder target; returns the slot to patch. */
static i32 emit_jump(i32 op) { emit_arg(op, -1); return code_len - 1; }
static void patch(i32 slot, i32 target) { code[slot] = target; }

/* Registers: r0 = n, r1 = trajectory value, r2 = total steps. */
static void assemble(void) {
  code_len = 0;
  emit_arg(PUSH, 1); emit_arg(STORE, 0);
  emit_arg(PUSH, 0); emit_arg(STORE, 2);
  i32 outer = code_len;                       /* while (n < LIMIT) */
  emit_arg(LOAD, 0); emit_arg(PUSH, LIMIT); emit(LT);
  i32 to_end = emit_jump(JZ);
  emit_arg(LOAD, 0); emit_arg(STORE, 1);      /*   r1 = n */
  i32 inner = code_len;                       /*   while (r1 != 1) */
  emit_arg(LOAD, 1); emit_arg(PUSH, 1); emit(EQ);
  emit_arg(PUSH, 0); emit(EQ);                /*   (no JNZ op: negate, then JZ) */
  i32 to_next = emit_jump(JZ);
  emit_arg(LOAD, 1); emit_arg(PUSH, 1); emit(AND);
  i32 to_even = emit_jump(JZ);                /*     if (r1 & 1) r1 = 3*r1 + 1 */
  emit_arg(LOAD, 1); emit_arg(PUSH, 3); emit(MUL); emit_arg(PUSH, 1); emit(ADD);
  emit_arg(STORE, 1);
  i32 to_count = emit_jump(JMP);
  patch(to_even, code_len);                   /*     else r1 >>= 1 */
  emit_arg(LOAD, 1); emit_arg(PUSH, 1); emit(SHR); emit_arg(STORE, 1);
  patch(to_count, code_len);                  /*     total++ */
  emit_arg(LOAD, 2); emit_arg(PUSH, 1); emit(ADD); emit_arg(STORE, 2);
  emit_arg(JMP, inner);
  patch(to_next, code_len);                   /*   n++ */
  emit_arg(LOAD, 0); emit_arg(PUSH, 1); emit(ADD); emit_arg(STORE, 0);
  emit_arg(JMP, outer);
  patch(to_end, code_len);
  emit_arg(LOAD, 2); emit(HALT);
}

/* Values are u32: the largest Collatz value reached from n < 4000 is far below 2^31. */
static u32 execute(void) {
  u32 stack[16], regs[4] = {0};
  i32 sp = 0, pc = 0;
  for (;;) {
    i32 op = code[pc++];
    switch (op) {
      case PUSH: stack[sp++] = (u32)code[pc++]; break;
      case LOAD: stack[sp++] = regs[code[pc++]]; break;
      case STORE: regs[code[pc++]] = stack[--sp]; break;
      case ADD: sp--; stack[sp - 1] += stack[sp]; break;
      case MUL: sp--; stack[sp - 1] *= stack[sp]; break;
      case AND: sp--; stack[sp - 1] &= stack[sp]; break;
      case SHR: sp--; stack[sp - 1] >>= stack[sp]; break;
      case EQ: sp--; stack[sp - 1] = stack[sp - 1] == stack[sp]; break;
      case LT: sp--; stack[sp - 1] = stack[sp - 1] < stack[sp]; break;
      case JZ: { i32 target = code[pc++]; if (stack[--sp] == 0) pc = target; break; }
      case JMP: pc = code[pc]; break;
      case HALT: return stack[sp - 1];
      default: return 0xffffffffu; /* corrupt bytecode: a checksum no run expects */
    }
  }
}

BENCH_EXPORT i32 run(void) {
  assemble();
  return MASK31(execute());
}
