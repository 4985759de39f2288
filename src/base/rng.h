/* rng.h - a small deterministic pseudo-random generator (splitmix64).
 *
 * For synthetic data and benchmarks only: the same seed gives the same
 * sequence on every platform. Never use it for secrets (tokens and salts come
 * from the operating system's CSPRNG). */
#ifndef ZJTX_RNG_H
#define ZJTX_RNG_H

#include <stdint.h>

struct rng {
	uint64_t s;
};

void rng_seed(struct rng *r, uint64_t seed);
uint64_t rng_u64(struct rng *r);
/* Uniform integer in [0, n) (n > 0), without modulo bias. */
uint64_t rng_below(struct rng *r, uint64_t n);
/* Uniform double in [0, 1). */
double rng_unit(struct rng *r);
/* Standard normal variate (Box-Muller). */
double rng_normal(struct rng *r);
/* Index drawn from weights w[0..n-1] (non-negative, not all zero). */
int rng_pick(struct rng *r, const double *w, int n);

#endif
