/* A bytecode-interpreter loop: a small stack VM (switch dispatch over one-byte opcodes with immediates) runs a
   program that counts primes below a bound by trial division and sums a Fibonacci sequence, many times. */
#include <string.h>
#include "bench.h"

enum { PUSH, LOAD, STORE, ADD, SUB, MUL, MOD, LT, JZ, JMP, DUP, DROP, HALT };

/* The guest program, assembled at start-up. Variables: 0 n, 1 count, 2 d, 3 isprime, 4 limit, 5 a, 6 b, 7 k. */
static int32_t code[256];
static int len;
static void emit(int32_t x) { code[len++] = x; }
static int here(void) { return len; }

static void assemble(void) {
  len = 0;
  emit(PUSH); emit(2); emit(STORE); emit(0);            /* n = 2 */
  emit(PUSH); emit(0); emit(STORE); emit(1);            /* count = 0 */
  int outer = here();
  emit(LOAD); emit(0); emit(LOAD); emit(4); emit(LT);   /* n < limit */
  emit(JZ); int outer_exit = here(); emit(0);
  emit(PUSH); emit(2); emit(STORE); emit(2);            /* d = 2 */
  emit(PUSH); emit(1); emit(STORE); emit(3);            /* isprime = 1 */
  int inner = here();
  emit(LOAD); emit(2); emit(DUP); emit(MUL);            /* d*d */
  emit(LOAD); emit(0); emit(PUSH); emit(1); emit(ADD);  /* n+1 */
  emit(LT); emit(JZ); int inner_exit = here(); emit(0);
  emit(LOAD); emit(0); emit(LOAD); emit(2); emit(MOD);  /* n % d */
  emit(JZ); int not_prime = here(); emit(0);
  emit(LOAD); emit(2); emit(PUSH); emit(1); emit(ADD); emit(STORE); emit(2);  /* d++ */
  emit(JMP); emit(inner);
  code[not_prime] = here();
  emit(PUSH); emit(0); emit(STORE); emit(3);            /* isprime = 0 */
  code[inner_exit] = here();
  emit(LOAD); emit(1); emit(LOAD); emit(3); emit(ADD); emit(STORE); emit(1);  /* count += isprime */
  emit(LOAD); emit(0); emit(PUSH); emit(1); emit(ADD); emit(STORE); emit(0);  /* n++ */
  emit(JMP); emit(outer);
  code[outer_exit] = here();
  /* a = 0; b = 1; k = 0; while k < limit: a, b = b, a + b (mod 2^31); k++ */
  emit(PUSH); emit(0); emit(STORE); emit(5);
  emit(PUSH); emit(1); emit(STORE); emit(6);
  emit(PUSH); emit(0); emit(STORE); emit(7);
  int fibloop = here();
  emit(LOAD); emit(7); emit(LOAD); emit(4); emit(LT);
  emit(JZ); int fib_exit = here(); emit(0);
  emit(LOAD); emit(5); emit(LOAD); emit(6); emit(ADD); emit(PUSH); emit(0x7fffffff); emit(MOD);
  emit(LOAD); emit(6); emit(STORE); emit(5); emit(STORE); emit(6);
  emit(LOAD); emit(7); emit(PUSH); emit(1); emit(ADD); emit(STORE); emit(7);
  emit(JMP); emit(fibloop);
  code[fib_exit] = here();
  emit(HALT);
}

static int32_t run(int32_t *vars) {
  int32_t stack[64];
  int sp = 0, pc = 0;
  for (;;) {
    int32_t op = code[pc++];
    switch (op) {
      case PUSH: stack[sp++] = code[pc++]; break;
      case LOAD: stack[sp++] = vars[code[pc++]]; break;
      case STORE: vars[code[pc++]] = stack[--sp]; break;
      case ADD: sp--; stack[sp - 1] += stack[sp]; break;
      case SUB: sp--; stack[sp - 1] -= stack[sp]; break;
      case MUL: sp--; stack[sp - 1] *= stack[sp]; break;
      case MOD: sp--; stack[sp - 1] %= stack[sp]; break;
      case LT: sp--; stack[sp - 1] = stack[sp - 1] < stack[sp]; break;
      case JZ: { int32_t t = code[pc++]; if (stack[--sp] == 0) pc = t; break; }
      case JMP: pc = code[pc]; break;
      case DUP: stack[sp] = stack[sp - 1]; sp++; break;
      case DROP: sp--; break;
      case HALT: return vars[1] ^ vars[5];
      default: return -1;
    }
  }
}

int main(int argc, char **argv) {
  int pct = bench_scale(argc, argv);
  long rounds = scaled(45, pct);
  assemble();
  uint64_t sum = 0;
  for (long r = 0; r < rounds; r++) {
    int32_t vars[8];
    memset(vars, 0, sizeof vars);
    vars[4] = 20000 + (int32_t)r;
    sum = sum * 1000003 + (uint32_t)run(vars);
  }
  bench_print("interp", sum);
  return 0;
}
