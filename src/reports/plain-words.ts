/**
 * A skill's verdict in the words a hiring manager reads ("claims expert; the evidence says working
 * level; 97% sure the claim is too high"). Probabilities are rounded down, so the sentence never
 * sounds surer than the number behind it.
 */
import { LEVEL_NAMES, levelOf } from '../assessment/engine/levels';
import { Verdict } from '../assessment/engine/verdict';

export interface VerdictFacts {
  claimed: number;
  theta: number;
  itemsUsed: number;
  verdict: Verdict;
  /** P(theta < t(claimed)); undefined for a claim of none. */
  pBelowClaimed: number | undefined;
  /** P(theta >= t(claimed + 1)); undefined for a claim of expert. */
  pAboveNext: number | undefined;
}

export function percentSure(p: number): string {
  if (p >= 0.995) return 'over 99%';
  return `${Math.floor(p * 100)}%`;
}

function levelName(level: number): string {
  return LEVEL_NAMES[level as keyof typeof LEVEL_NAMES] ?? `level ${level}`;
}

export function verdictInWords(facts: VerdictFacts): string {
  const claim = `claims ${levelName(facts.claimed)}`;
  const measured = `the evidence says ${levelName(levelOf(facts.theta))} level`;
  switch (facts.verdict) {
    case 'overstated':
      return `${claim}; ${measured}; ${percentSure(facts.pBelowClaimed ?? 0)} sure the claim is too high`;
    case 'understated':
      return `${claim}; ${measured}; ${percentSure(facts.pAboveNext ?? 0)} sure the skill is above the claim`;
    case 'consistent':
      return facts.pBelowClaimed === undefined
        ? `${claim}; nothing to check against`
        : `${claim}; the evidence agrees; ${percentSure(1 - facts.pBelowClaimed)} sure the skill reaches the claim`;
    case 'insufficient_evidence':
      return `${claim}; ${facts.itemsUsed} ${facts.itemsUsed === 1 ? 'question was' : 'questions were'} not enough to judge the claim (best estimate: ${levelName(levelOf(facts.theta))} level)`;
  }
}

/** 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, 62.5th. */
export function ordinal(value: number): string {
  if (!Number.isInteger(value)) return `${value}th`;
  const lastTwo = value % 100;
  const suffix =
    lastTwo >= 11 && lastTwo <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][value % 10] ?? 'th');
  return `${value}${suffix}`;
}

export interface BandPosition {
  kind: 'within' | 'below' | 'above';
  percentile: number;
}

/** Where an offer sits in its band, as the offer benchmark states it (never extrapolated). */
export function positionInWords(position: BandPosition): string {
  switch (position.kind) {
    case 'within':
      return `at the ${ordinal(position.percentile)} percentile`;
    case 'below':
      return `below the band (under its p${position.percentile})`;
    case 'above':
      return `above the band (over its p${position.percentile})`;
  }
}
