/**
 * Linear scales for the report's charts. Plain TypeScript: the geometry is computed and tested
 * here, and the templates only draw what it says.
 */

export interface LinearScale {
  (value: number): number;
  readonly domain: readonly [number, number];
  readonly range: readonly [number, number];
}

/** Maps [d0, d1] onto [r0, r1]; values outside the domain are clamped to the range's ends. */
export function linearScale(
  domain: readonly [number, number],
  range: readonly [number, number],
): LinearScale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  if (!(d1 > d0)) throw new RangeError(`scale domain must increase, got [${d0}, ${d1}]`);
  const scale = (value: number) => {
    const t = Math.min(1, Math.max(0, (value - d0) / (d1 - d0)));
    return round(r0 + t * (r1 - r0));
  };
  return Object.assign(scale, { domain, range });
}

/** SVG coordinates to a tenth of a pixel: stable snapshots, no visible loss. */
export function round(value: number): number {
  return Math.round(value * 10) / 10;
}

/**
 * A domain around the values with room at both ends, widened to "nice" steps (1, 2 or 5 times a
 * power of ten) so the axis labels are round numbers.
 */
export function niceDomain(
  values: readonly number[],
  ticks = 5,
): { domain: [number, number]; step: number } {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) throw new RangeError('niceDomain needs at least one finite value');
  let low = Math.min(...finite);
  let high = Math.max(...finite);
  if (low === high) {
    const pad = low === 0 ? 1 : Math.abs(low) * 0.1;
    low -= pad;
    high += pad;
  }
  const step = niceStep((high - low) / ticks);
  return { domain: [Math.floor(low / step) * step, Math.ceil(high / step) * step], step };
}

export function niceStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / power;
  const nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
  return nice * power;
}
