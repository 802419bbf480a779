import { normalPosterior } from './posterior-fixture';
import { Posterior } from './estimate';
import { Level } from './levels';
import { DEFAULT_SETTINGS, EngineSettings } from './settings';
import { selectionTarget, StopReason, stopReason } from './stopping';

describe('selectionTarget', () => {
  it.each<[number, Level, number]>([
    [0, 4, 0.3],
    [1, 4, 0.3],
    [2, 4, 1],
    [7, 4, 1],
    [2, 5, 1.5],
    [3, 1, -2],
    // A claim of 0 has no threshold: the estimate throughout.
    [5, 0, 0.3],
  ])('after %p items with claim %p: %p', (itemsUsed, claimed, expected) => {
    expect(selectionTarget(itemsUsed, claimed, 0.3, DEFAULT_SETTINGS)).toBe(expected);
  });

  it('stays at the estimate with the classic setting', () => {
    const settings: EngineSettings = {
      ...DEFAULT_SETTINGS,
      selection: { ...DEFAULT_SETTINGS.selection, target: 'estimate' },
    };
    expect(selectionTarget(8, 4, 0.3, settings)).toBe(0.3);
  });
});

describe('stopReason', () => {
  const seOnly: EngineSettings = {
    ...DEFAULT_SETTINGS,
    stopping: { ...DEFAULT_SETTINGS.stopping, decision: null },
  };
  const base = { timeExpired: false, itemsLeft: 20 };

  it.each<
    [
      string,
      number,
      Level,
      Posterior,
      Partial<typeof base>,
      StopReason | undefined,
      EngineSettings?,
    ]
  >([
    ['decided overstated after 6 items', 6, 3, normalPosterior(-1, 0.45), {}, 'decided'],
    ['decided consistent after 6 items', 6, 3, normalPosterior(1.2, 0.45), {}, 'decided'],
    ['not decided before 6 items', 5, 3, normalPosterior(-1.5, 0.5), {}, undefined],
    ['not decided in the middle', 8, 3, normalPosterior(0.2, 0.5), {}, undefined],
    ['precision reached', 3, 3, normalPosterior(0.2, 0.35), {}, 'precision'],
    ['item cap', 12, 3, normalPosterior(0.2, 0.5), {}, 'item_cap'],
    ['time', 4, 3, normalPosterior(0.2, 0.6), { timeExpired: true }, 'time'],
    ['pool exhausted', 4, 3, normalPosterior(0.2, 0.6), { itemsLeft: 0 }, 'pool_exhausted'],
    ['decided wins over the cap', 12, 4, normalPosterior(-1, 0.45), {}, 'decided'],
    [
      'precision wins over time',
      7,
      3,
      normalPosterior(0.1, 0.3),
      { timeExpired: true },
      'precision',
    ],
    ['a claim of 0 is never decided', 8, 0, normalPosterior(-3, 0.45), {}, undefined],
    ['the SE-only rule does not decide', 8, 3, normalPosterior(-1.5, 0.45), {}, undefined, seOnly],
    ['the SE-only rule still caps', 12, 3, normalPosterior(-1.5, 0.45), {}, 'item_cap', seOnly],
    ['no answers, whatever the prior SE', 0, 3, normalPosterior(0, 0.3), {}, undefined],
  ])(
    '%s',
    (_name, itemsUsed, claimed, posterior, context, expected, settings = DEFAULT_SETTINGS) => {
      expect(stopReason({ itemsUsed, claimed, posterior, ...base, ...context }, settings)).toBe(
        expected,
      );
    },
  );

  it('honours the decision boundaries inclusively (>= 0.95, <= 0.05)', () => {
    // Two cells of width 2 around t(3) = 0: all of the first lies below it.
    const twoCells = (below: number): Posterior => ({
      theta: 0,
      se: 1,
      points: [-1, 1],
      mass: [below, 1 - below],
      step: 2,
    });
    const at = (below: number): StopReason | undefined =>
      stopReason(
        { itemsUsed: 6, claimed: 3, posterior: twoCells(below), ...base },
        DEFAULT_SETTINGS,
      );
    expect(at(0.95)).toBe('decided');
    expect(at(0.9499)).toBeUndefined();
    expect(at(0.05)).toBe('decided');
    expect(at(0.0501)).toBeUndefined();
  });
});
