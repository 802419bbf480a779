import {
  BandPosition,
  ordinal,
  percentSure,
  positionInWords,
  VerdictFacts,
  verdictInWords,
} from './plain-words';

describe('percentSure', () => {
  it.each([
    [0.973, '97%'],
    [0.959, '95%'],
    [0.5, '50%'],
    [0.994, '99%'],
    [0.995, 'over 99%'],
    [1, 'over 99%'],
    [0, '0%'],
  ])('%p -> %p', (p, words) => {
    expect(percentSure(p)).toBe(words);
  });
});

describe('verdictInWords', () => {
  const base: VerdictFacts = {
    claimed: 5,
    theta: 0.4,
    itemsUsed: 8,
    verdict: 'overstated',
    pBelowClaimed: 0.973,
    pAboveNext: undefined,
  };
  it.each<{ facts: Partial<VerdictFacts>; words: string }>([
    {
      facts: {},
      words: 'claims expert; the evidence says working level; 97% sure the claim is too high',
    },
    {
      facts: {
        claimed: 2,
        theta: 1.2,
        verdict: 'understated',
        pBelowClaimed: 0.0,
        pAboveNext: 0.96,
      },
      words:
        'claims beginner; the evidence says advanced level; 96% sure the skill is above the claim',
    },
    {
      facts: {
        claimed: 3,
        theta: 0.9,
        verdict: 'consistent',
        pBelowClaimed: 0.02,
        pAboveNext: 0.4,
      },
      words: 'claims working; the evidence agrees; 98% sure the skill reaches the claim',
    },
    {
      facts: {
        claimed: 0,
        theta: -2.4,
        verdict: 'consistent',
        pBelowClaimed: undefined,
        pAboveNext: 0.1,
      },
      words: 'claims none; nothing to check against',
    },
    {
      facts: {
        claimed: 4,
        theta: 1.1,
        verdict: 'insufficient_evidence',
        itemsUsed: 12,
        pBelowClaimed: 0.4,
      },
      words:
        'claims advanced; 12 questions were not enough to judge the claim (best estimate: advanced level)',
    },
    {
      facts: { claimed: 4, theta: -0.2, verdict: 'insufficient_evidence', itemsUsed: 1 },
      words:
        'claims advanced; 1 question was not enough to judge the claim (best estimate: beginner level)',
    },
  ])('$words', ({ facts, words }) => {
    expect(verdictInWords({ ...base, ...facts })).toBe(words);
  });
});

describe('ordinal and positionInWords', () => {
  it.each([
    [1, '1st'],
    [2, '2nd'],
    [3, '3rd'],
    [4, '4th'],
    [11, '11th'],
    [12, '12th'],
    [13, '13th'],
    [21, '21st'],
    [50, '50th'],
    [62.5, '62.5th'],
  ])('%p -> %p', (value, words) => {
    expect(ordinal(value)).toBe(words);
  });

  it.each<[BandPosition, string]>([
    [{ kind: 'within', percentile: 62.5 }, 'at the 62.5th percentile'],
    [{ kind: 'within', percentile: 50 }, 'at the 50th percentile'],
    [{ kind: 'below', percentile: 10 }, 'below the band (under its p10)'],
    [{ kind: 'above', percentile: 90 }, 'above the band (over its p90)'],
    [{ kind: 'above', percentile: 50 }, 'above the band (over its p50)'],
  ])('%p -> %p', (position, words) => {
    expect(positionInWords(position)).toBe(words);
  });
});
