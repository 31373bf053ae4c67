/* N-body gravity, symplectic Euler: f64 arithmetic, sqrt and division in a small loop.
 * The system is made up (a heavy centre with light bodies on roughly circular orbits);
 * only determinism matters, not astronomy. */
#include "bench.h"

#define BODIES 5
#define STEPS 160000
#define DT 0.001

typedef struct { double x, y, z, vx, vy, vz, m; } Body;

static Body bodies[BODIES] = {
    {0, 0, 0, 0, 0, 0, 1000.0},
    {10, 0, 0, 0, 10.0, 0.3, 1.0},
    {0, -15, 1, 8.1, 0, 0, 2.0},
    {-22, 3, 0, 0.5, -6.7, 0, 0.5},
    {0, 30, -2, -5.8, 0, 0.2, 3.0},
};

static double energy(void) {
  double e = 0.0;
  for (int i = 0; i < BODIES; i++) {
    Body *b = &bodies[i];
    e += 0.5 * b->m * (b->vx * b->vx + b->vy * b->vy + b->vz * b->vz);
    for (int j = i + 1; j < BODIES; j++) {
      double dx = b->x - bodies[j].x, dy = b->y - bodies[j].y, dz = b->z - bodies[j].z;
      e -= b->m * bodies[j].m / __builtin_sqrt(dx * dx + dy * dy + dz * dz);
    }
  }
  return e;
}

static void step(void) {
  for (int i = 0; i < BODIES; i++) {
    Body *bi = &bodies[i];
    for (int j = i + 1; j < BODIES; j++) {
      Body *bj = &bodies[j];
      double dx = bi->x - bj->x, dy = bi->y - bj->y, dz = bi->z - bj->z;
      double d2 = dx * dx + dy * dy + dz * dz;
      double mag = DT / (d2 * __builtin_sqrt(d2));
      bi->vx -= dx * bj->m * mag; bi->vy -= dy * bj->m * mag; bi->vz -= dz * bj->m * mag;
      bj->vx += dx * bi->m * mag; bj->vy += dy * bi->m * mag; bj->vz += dz * bi->m * mag;
    }
  }
  for (int i = 0; i < BODIES; i++) {
    bodies[i].x += DT * bodies[i].vx;
    bodies[i].y += DT * bodies[i].vy;
    bodies[i].z += DT * bodies[i].vz;
  }
}

BENCH_EXPORT i64 run(void) {
  double e0 = energy();
  for (int s = 0; s < STEPS; s++) step();
  double e1 = energy();
  /* Both energies and a position, in fixed point. IEEE f64 is deterministic here (no
   * FMA contraction on either target), so all runners must agree to the last bit. */
  return MASK63((u64)(i64)(e0 * 1e6) * 31 + (u64)(i64)(e1 * 1e9) * 17 +
                (u64)(i64)(bodies[1].x * 1e9));
}
