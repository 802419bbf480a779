import { skillChart } from './skill-chart';

describe('skillChart', () => {
  // Width 640: the plot runs from 170 to 630 over theta -3..3, 76.67 px per unit.
  const chart = skillChart([
    { name: 'Python', claimed: 5, theta: 0.2, se: 0.3, minLevel: 3 },
    { name: 'LLMs', claimed: 3, theta: -2.5, se: 0.6, minLevel: 4 },
    { name: 'MLOps', claimed: 0, theta: undefined, se: undefined, minLevel: 0 },
  ]);

  it('lays rows out top to bottom with room for the axis', () => {
    expect(chart.rows.map((r) => r.y)).toEqual([27, 61, 95]);
    expect(chart.height).toBe(10 + 3 * 34 + 28);
    expect(chart.plot).toEqual({ left: 170, right: 630, top: 10, bottom: 112 });
  });

  it.each([
    { level: 'aware', x: 246.7 },
    { level: 'beginner', x: 323.3 },
    { level: 'working', x: 400 },
    { level: 'advanced', x: 476.7 },
    { level: 'expert', x: 515 },
  ])('puts the $level threshold at x=$x', ({ level, x }) => {
    expect(chart.ticks.find((t) => t.label === level)?.x).toBe(x);
  });

  it.each([
    {
      row: 0,
      claimedX: 515,
      requiredX: 400,
      measured: { x: 415.3, low: 370.3, high: 460.4, clippedLow: false, clippedHigh: false },
    },
    {
      row: 1,
      claimedX: 400,
      requiredX: 476.7,
      measured: { x: 208.3, low: 170, high: 298.5, clippedLow: true, clippedHigh: false },
    },
    { row: 2, claimedX: undefined, requiredX: undefined, measured: undefined },
  ])('row $row: claim, requirement and interval', ({ row, claimedX, requiredX, measured }) => {
    const r = chart.rows[row]!;
    expect(r.claimedX).toBe(claimedX);
    expect(r.requiredX).toBe(requiredX);
    expect(r.measured).toEqual(measured);
  });

  it('says each row in words', () => {
    expect(chart.rows[0]!.summary).toBe(
      'Python: claims expert; measured 0.20 (95% interval -0.39 to 0.79); requires working',
    );
    expect(chart.rows[2]!.summary).toBe('MLOps: claims none, not measured; requires none');
  });

  it('clips an interval past the top of the axis', () => {
    const high = skillChart([{ name: 'X', claimed: 5, theta: 2.8, se: 0.5, minLevel: 5 }]);
    expect(high.rows[0]!.measured).toMatchObject({ high: 630, clippedHigh: true });
  });
});
