import { checklistChart } from './checklist-chart';

describe('checklistChart', () => {
  it.each([
    {
      hits: 20,
      realTerms: 32,
      falseAlarms: 1,
      foils: 8,
      widths: [200, 40],
      shares: [0.625, 0.125],
    },
    { hits: 0, realTerms: 32, falseAlarms: 8, foils: 8, widths: [0, 320], shares: [0, 1] },
    {
      hits: 5,
      realTerms: 0,
      falseAlarms: 0,
      foils: 0,
      widths: [0, 0],
      shares: [undefined, undefined],
    },
  ])('$hits/$realTerms hits, $falseAlarms/$foils foils', (input) => {
    // Width 480: the plot runs from 150 to 470, 320 px for 100%.
    const chart = checklistChart(input);
    expect(chart.bars.map((b) => b.width)).toEqual(input.widths);
    expect(chart.bars.map((b) => b.share)).toEqual(input.shares);
  });

  it('labels the axis and says the bars in words', () => {
    const chart = checklistChart({ hits: 20, realTerms: 32, falseAlarms: 1, foils: 8 });
    expect(chart.ticks).toEqual([
      { x: 150, label: '0%' },
      { x: 230, label: '25%' },
      { x: 310, label: '50%' },
      { x: 390, label: '75%' },
      { x: 470, label: '100%' },
    ]);
    expect(chart.summary).toBe('Real terms claimed: 20 of 32 (63%); Foils claimed: 1 of 8 (13%)');
  });
});
