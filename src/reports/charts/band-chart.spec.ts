import { bandChart, BandChartInput } from './band-chart';

const format = (amount: number) => `$${(amount / 100).toLocaleString('en-US')}`;
const band = {
  p10: 10_000_000,
  p25: 12_000_000,
  p50: 14_000_000,
  p75: 16_000_000,
  p90: 18_000_000,
};

describe('bandChart', () => {
  // Width 640: plot 16..624 (608 px). Domain from the values, widened to round steps.
  it.each<{ name: string; input: BandChartInput; domainTicks: string[]; offerX: number }>([
    {
      name: 'full band, offer at the median',
      input: { band, offer: 14_000_000, format },
      domainTicks: ['$100,000', '$120,000', '$140,000', '$160,000', '$180,000'],
      offerX: 320,
    },
    {
      name: 'offer above p90 widens the axis',
      input: { band, offer: 21_000_000, format },
      // A range of 110,000 over five ticks asks for 22,000 steps; the nice step is 50,000.
      domainTicks: ['$100,000', '$150,000', '$200,000', '$250,000'],
      offerX: 461.9,
    },
  ])('$name', ({ input, domainTicks, offerX }) => {
    const chart = bandChart(input);
    expect(chart.ticks.map((t) => t.label)).toEqual(domainTicks);
    expect(chart.offer.x).toBe(offerX);
    expect(chart.whisker).toEqual({ x1: chart.marks[0]!.x, x2: chart.marks.at(-1)!.x });
  });

  it.each([
    { percentiles: { p50: 14_000_000 }, box: false, whisker: false },
    { percentiles: { p25: 12_000_000, p75: 16_000_000 }, box: true, whisker: true },
    {
      percentiles: { p10: 10_000_000, p50: 14_000_000, p90: 18_000_000 },
      box: false,
      whisker: true,
    },
    { percentiles: {}, box: false, whisker: false },
  ])('draws only what is published: $percentiles', ({ percentiles, box, whisker }) => {
    const chart = bandChart({ band: percentiles, offer: 13_000_000, format });
    expect(chart.box !== undefined).toBe(box);
    expect(chart.whisker !== undefined).toBe(whisker);
    expect(chart.marks.map((m) => m.name)).toEqual(Object.keys(percentiles));
  });

  it('marks expectation and budget and says it all in words', () => {
    const chart = bandChart({
      band: { p25: 12_000_000, p50: 14_000_000, p75: 16_000_000 },
      offer: 15_000_000,
      expectation: 17_000_000,
      budget: { min: 13_000_000, max: 15_500_000 },
      format,
    });
    expect(chart.expectation!.x).toBeGreaterThan(chart.offer.x);
    expect(chart.budget!.x1).toBeLessThan(chart.offer.x);
    expect(chart.budget!.x2).toBeGreaterThan(chart.offer.x);
    expect(chart.summary).toBe(
      'band p25 $120,000, p50 $140,000, p75 $160,000; offer $150,000; expectation $170,000; budget $130,000 to $155,000',
    );
  });
});
