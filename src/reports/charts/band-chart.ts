/**
 * An offer on its salary band: the band's percentiles (whichever are published) as a whisker from
 * the lowest to the highest and a box from p25 to p75, with the offer, the candidate's expectation
 * and the requisition's budget marked on the same money axis.
 */
import { linearScale, niceDomain } from './scale';

export const PERCENTILES = ['p10', 'p25', 'p50', 'p75', 'p90'] as const;
export type PercentileName = (typeof PERCENTILES)[number];

export interface BandChartInput {
  /** Amounts in minor units of one currency; absent percentiles are left out. */
  band: Partial<Record<PercentileName, number>>;
  offer: number;
  expectation?: number;
  budget?: { min: number; max: number };
  /** Formats an amount in minor units for labels (the currency's own rules). */
  format: (amount: number) => string;
}

export interface BandChart {
  width: number;
  height: number;
  plot: { left: number; right: number; axisY: number };
  ticks: { x: number; label: string }[];
  marks: { name: PercentileName; x: number; label: string }[];
  whisker: { x1: number; x2: number } | undefined;
  box: { x1: number; x2: number } | undefined;
  offer: { x: number; label: string };
  expectation: { x: number; label: string } | undefined;
  budget: { x1: number; x2: number; label: string } | undefined;
  summary: string;
}

const PAD = 16;
const HEIGHT = 120;

export function bandChart(input: BandChartInput, width = 640): BandChart {
  const present = PERCENTILES.filter((name) => input.band[name] !== undefined).map((name) => ({
    name,
    amount: input.band[name]!,
  }));
  const values = [
    ...present.map((p) => p.amount),
    input.offer,
    ...(input.expectation === undefined ? [] : [input.expectation]),
    ...(input.budget ? [input.budget.min, input.budget.max] : []),
  ];
  const { domain, step } = niceDomain(values, 5);
  const plot = { left: PAD, right: width - PAD, axisY: HEIGHT - 30 };
  const x = linearScale(domain, [plot.left, plot.right]);
  const ticks: { x: number; label: string }[] = [];
  for (let v = domain[0]; v <= domain[1] + step / 2; v += step) {
    ticks.push({ x: x(v), label: input.format(Math.round(v)) });
  }
  const at = (name: PercentileName) => present.find((p) => p.name === name)?.amount;
  const p25 = at('p25');
  const p75 = at('p75');
  const lowest = present[0];
  const highest = present.at(-1);
  const marks = present.map((p) => ({
    name: p.name,
    x: x(p.amount),
    label: input.format(p.amount),
  }));
  const parts = [
    present.length === 0
      ? 'no band percentiles'
      : `band ${present.map((p) => `${p.name} ${input.format(p.amount)}`).join(', ')}`,
    `offer ${input.format(input.offer)}`,
  ];
  if (input.expectation !== undefined) parts.push(`expectation ${input.format(input.expectation)}`);
  if (input.budget) {
    parts.push(`budget ${input.format(input.budget.min)} to ${input.format(input.budget.max)}`);
  }
  return {
    width,
    height: HEIGHT,
    plot,
    ticks,
    marks,
    whisker:
      lowest && highest && lowest !== highest
        ? { x1: x(lowest.amount), x2: x(highest.amount) }
        : undefined,
    box: p25 !== undefined && p75 !== undefined ? { x1: x(p25), x2: x(p75) } : undefined,
    offer: { x: x(input.offer), label: input.format(input.offer) },
    expectation:
      input.expectation === undefined
        ? undefined
        : { x: x(input.expectation), label: input.format(input.expectation) },
    budget: input.budget
      ? {
          x1: x(input.budget.min),
          x2: x(input.budget.max),
          label: `${input.format(input.budget.min)} – ${input.format(input.budget.max)}`,
        }
      : undefined,
    summary: parts.join('; '),
  };
}
