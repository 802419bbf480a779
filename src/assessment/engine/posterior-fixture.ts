import { gridPoints, Posterior } from './estimate';

/** For tests: a posterior shaped N(mean, sd) on the default grid, so P(theta < t) is about Phi((t - mean) / sd). */
export function normalPosterior(mean: number, sd: number): Posterior {
  const points = gridPoints();
  const weights = points.map((x) => Math.exp(-(((x - mean) / sd) ** 2) / 2));
  const total = weights.reduce((s, w) => s + w, 0);
  const mass = weights.map((w) => w / total);
  const theta = mass.reduce((s, m, i) => s + m * (points[i] ?? 0), 0);
  const se = Math.sqrt(mass.reduce((s, m, i) => s + m * ((points[i] ?? 0) - theta) ** 2, 0));
  return { theta, se, points, mass, step: 0.1 };
}
