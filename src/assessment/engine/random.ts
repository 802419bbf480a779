/**
 * A small seeded PRNG for the simulation: the same seed must give the same report on every machine
 * and Node version, which Math.random cannot promise.
 */
import { RandomSource } from './select';

/** mulberry32: 32-bit state, uniform in [0, 1), good enough for Monte Carlo of this size. */
export function mulberry32(seed: number): RandomSource {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A seed for an independent stream (seed, index): each candidate gets its own stream, so changing
 * the engine settings changes no candidate's true ability and no item's parameters.
 */
export function derivedSeed(seed: number, index: number): number {
  const next = mulberry32((seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0);
  return Math.floor(next() * 4294967296) >>> 0;
}

export function uniform(random: RandomSource, min: number, max: number): number {
  return min + (max - min) * random();
}

/** Box-Muller; 1 - u keeps the log argument in (0, 1]. */
export function gaussian(random: RandomSource, mean = 0, sd = 1): number {
  const u = 1 - random();
  const v = random();
  return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}
