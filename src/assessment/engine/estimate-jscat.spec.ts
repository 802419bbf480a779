/**
 * EAP against an outside implementation: @bdelab/jscat (a devDependency used only here). It ships
 * CommonJS (lib/index.js), so a plain import works under ts-jest. jsCAT's EAP uses a N(0, 1) table
 * with step 0.1 over [minTheta, maxTheta], i.e. the same 81 points as Sift's default grid when the
 * bounds are +-4 (its default +-6 would move extreme estimates by ~0.03). Only theta is compared:
 * jsCAT's SE is 1 / sqrt(test information), ignoring the prior, not the posterior SD Sift reports.
 */
import { Cat } from '@bdelab/jscat';
import { eap } from './estimate';
import { ItemResponse } from './irt';
import { mulberry32 } from './random';

/** The agreement asked of the oracle; measured over 5000 such patterns the largest gap was 1.4e-14. */
const TOLERANCE = 0.01;

function jscatTheta(responses: readonly ItemResponse[]): number {
  const cat = new Cat({ method: 'EAP', minTheta: -4, maxTheta: 4 });
  cat.updateAbilityEstimate(
    responses.map(({ item }) => ({ a: item.a, b: item.b, c: item.c, d: 1 })),
    responses.map((r) => (r.correct ? 1 : 0)),
  );
  return cat.theta;
}

describe('eap against jsCAT', () => {
  const random = mulberry32(99);
  const patterns = Array.from({ length: 200 }, (): ItemResponse[] => {
    const length = 1 + Math.floor(random() * 20);
    const ability = -3 + 6 * random();
    return Array.from({ length }, () => {
      const item = {
        a: 0.5 + 2 * random(),
        b: -3 + 6 * random(),
        c: random() < 0.3 ? 0 : 0.35 * random(),
      };
      // Answers loosely driven by an ability, so patterns range from all wrong to all right.
      const p = item.c + (1 - item.c) / (1 + Math.exp(-item.a * (ability - item.b)));
      return { item, correct: random() < p };
    });
  });

  it.each(patterns.map((responses, i) => [i + 1, responses] as const))(
    'random pattern #%p agrees on theta within 0.01',
    (_i, responses) => {
      expect(Math.abs(eap(responses).theta - jscatTheta(responses))).toBeLessThan(TOLERANCE);
    },
  );

  it('agrees on the all-right and all-wrong extremes', () => {
    const item = { a: 2, b: 1, c: 0.2 };
    for (const correct of [true, false]) {
      const responses = Array.from({ length: 10 }, () => ({ item, correct }));
      expect(Math.abs(eap(responses).theta - jscatTheta(responses))).toBeLessThan(TOLERANCE);
    }
  });
});
