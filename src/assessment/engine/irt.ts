/**
 * The item response model Sift scores with: 3PL, P(correct | theta) = c + (1 - c) / (1 + exp(-a (theta - b))),
 * with c = 0 giving 2PL. Everything here is written so that extreme abilities or steep items give 0, 1 or a
 * finite log instead of NaN: a CAT meets all-right and all-wrong patterns every day.
 */

export interface ItemParams {
  /** Discrimination, > 0. */
  readonly a: number;
  /** Difficulty, on the ability scale. */
  readonly b: number;
  /** Lower asymptote (guessing), 0 <= c < 1. */
  readonly c: number;
}

/** One scored answer to an item. */
export interface ItemResponse {
  readonly item: ItemParams;
  readonly correct: boolean;
}

/** Throws on parameters that would make the model meaningless (c = 1 divides by zero, a <= 0 flips it). */
export function assertItemParams(item: ItemParams): void {
  const { a, b, c } = item;
  if (!Number.isFinite(a) || a <= 0)
    throw new RangeError(`item a must be finite and > 0, got ${a}`);
  if (!Number.isFinite(b)) throw new RangeError(`item b must be finite, got ${b}`);
  if (!Number.isFinite(c) || c < 0 || c >= 1) {
    throw new RangeError(`item c must be in [0, 1), got ${c}`);
  }
}

/** 1 / (1 + exp(-z)); exp only ever sees a non-positive argument, so it cannot overflow. */
export function logistic(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** log(1 + exp(z)) without overflow for large z or loss of precision for very negative z. */
function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

export function probability(theta: number, item: ItemParams): number {
  return item.c + (1 - item.c) * logistic(item.a * (theta - item.b));
}

/**
 * Fisher information a^2 ((P - c)^2 / (1 - c)^2) (Q / P). Since (P - c) / (1 - c) is the logistic L and
 * Q = (1 - c)(1 - L), the same value is a^2 L^2 (1 - c)(1 - L) / P, computed with 1 - L taken as L(-z)
 * so that no nearly equal numbers are subtracted at high ability.
 */
export function information(theta: number, item: ItemParams): number {
  const { a, c } = item;
  const z = a * (theta - item.b);
  const l = logistic(z);
  // With c = 0 and L underflowed to 0, P is 0 too; the limit of the information is 0.
  if (l === 0) return 0;
  const p = c + (1 - c) * l;
  return (a * a * l * l * ((1 - c) * logistic(-z))) / p;
}

export function testInformation(theta: number, items: readonly ItemParams[]): number {
  let sum = 0;
  for (const item of items) sum += information(theta, item);
  return sum;
}

/** log P(response | theta), finite wherever the probability is representable at all. */
export function logProbability(theta: number, response: ItemResponse): number {
  const { a, b, c } = response.item;
  const z = a * (theta - b);
  if (response.correct) {
    return c === 0 ? -softplus(-z) : Math.log(c + (1 - c) * logistic(z));
  }
  // Q = (1 - c) L(-z), and log L(-z) = -softplus(z).
  return Math.log1p(-c) - softplus(z);
}

export function logLikelihood(theta: number, responses: readonly ItemResponse[]): number {
  let sum = 0;
  for (const response of responses) sum += logProbability(theta, response);
  return sum;
}

/**
 * d/dtheta of the log-likelihood: sum of a L (u - P) / P, which is a L Q / P for a right answer and
 * -a L for a wrong one (the 3PL score function with (P - c) / (1 - c) written as L).
 */
export function score(theta: number, responses: readonly ItemResponse[]): number {
  let sum = 0;
  for (const { item, correct } of responses) {
    const z = item.a * (theta - item.b);
    const l = logistic(z);
    if (correct) {
      const p = item.c + (1 - item.c) * l;
      if (l !== 0) sum += (item.a * l * (1 - item.c) * logistic(-z)) / p;
      // c = 0 and L = 0: the limit a (1 - P) is a.
      else if (item.c === 0) sum += item.a;
    } else {
      sum -= item.a * l;
    }
  }
  return sum;
}
