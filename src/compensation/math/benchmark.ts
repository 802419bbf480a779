/**
 * One offer against the salary bands: the band chosen, the conversion into its currency, the
 * percentile position, compa-ratio, range penetration, the flags, the skill-adjusted target and,
 * for a remote requisition, the same offer in every region's band. Everything the result depends
 * on is in the input (the bands and FX rows come from the database), so a stored result can be
 * reproduced. Pure: no Nest, no TypeORM.
 */
import { CurrencyCode, isCurrencyCode } from '../../common/dto/currency';
import { Money } from '../../common/dto/money';
import { BandChoice, BandKey, BandLevel, chooseBand, findConversion, FxRow } from './effective';
import { Flag, offerFlags } from './flags';
import { convertMinor, formatRate, parseDecimal, roundMinor } from './money-math';
import {
  amountAtPercentile,
  compaRatio,
  PercentileKey,
  percentilePosition,
  Position,
  rangePenetration,
} from './percentiles';
import { skillAdjustedTarget, SkillTarget } from './target';

export type PayBasis = 'base' | 'total';

export interface BandFigures extends BandKey, Partial<Record<PercentileKey, number | null>> {
  readonly meanAmount: number | null;
  readonly sampleSize: number | null;
  readonly source: string;
  readonly sourceUrl: string | null;
  readonly method: string;
}

export interface FxFigures extends FxRow {
  readonly source: string;
}

export interface OfferTerms {
  currency: CurrencyCode;
  base: number;
  bonusTarget: number;
  equityPerYear: number;
}

export interface BenchmarkInput {
  asOf: string;
  payBasis: PayBasis;
  offer: OfferTerms;
  requisition: {
    roleFamilyId: string;
    level: BandLevel;
    country: string;
    remotePolicy: string;
    budget: { currency: string; min: number; max: number; payBasis: PayBasis };
  };
  expectation: { amount: number; currency: string; payBasis: PayBasis } | null;
  /** The role family's bands (any country, level, basis); rows dated after asOf are ignored. */
  bands: readonly BandFigures[];
  fxRates: readonly FxFigures[];
  fitScore?: number;
}

export class BenchmarkError extends Error {
  override name = 'BenchmarkError';
  constructor(
    readonly code: 'NO_MATCHING_BAND' | 'FX_RATE_MISSING',
    message: string,
    readonly details: Record<string, string>,
  ) {
    super(message);
  }
}

export interface BandUsed {
  id: string;
  roleFamilyId: string;
  level: string;
  country: string;
  payBasis: PayBasis;
  effectiveFrom: string;
  p10: Money | null;
  p25: Money | null;
  p50: Money | null;
  p75: Money | null;
  p90: Money | null;
  mean: Money | null;
  sampleSize: number | null;
  source: string;
  sourceUrl: string | null;
  method: string;
  fallback: { requestedLevel: string; usedLevel: string } | null;
}

export interface FxUsed {
  id: string;
  base: string;
  quote: string;
  rate: string;
  effectiveFrom: string;
  source: string;
}

export interface Placement {
  /** The offer in the band's currency, rounded half-even to its minor unit. */
  converted: Money;
  position: Position;
  compaRatio: number | null;
  rangePenetration: number | null;
}

export interface RegionPlacement extends Placement {
  country: string;
  band: { id: string; level: string; effectiveFrom: string; fallback: boolean };
}

export interface Comparison {
  compared: boolean;
  /** Why not compared, or what was compared. */
  note: string;
  /** The other side in the currency compared in (budget: the budget's; expectation: the offer's). */
  offer: Money | null;
}

export interface BenchmarkResult extends Placement {
  asOf: string;
  payBasis: PayBasis;
  /** The amount compared: base pay, or base + bonus target + equity per year for total pay. */
  offer: Money;
  band: BandUsed;
  fx: FxUsed[];
  flags: Flag[];
  blocking: boolean;
  budget: Comparison & { min: Money; max: Money };
  expectation: Comparison & { expected: Money | null };
  target: SkillTarget & { amount: Money | null };
  /** For a remote requisition: the same offer in each country's band of the family and basis. */
  remoteWhatIf: RegionPlacement[] | null;
}

export function comparedAmount(terms: OfferTerms, payBasis: PayBasis): number {
  return payBasis === 'base' ? terms.base : terms.base + terms.bonusTarget + terms.equityPerYear;
}

const money = (amount: number, currency: string): Money => ({
  amount,
  currency: currency as CurrencyCode,
});

function currencyOf(code: string): CurrencyCode {
  if (!isCurrencyCode(code)) throw new RangeError(`${code} is not a supported currency`);
  return code;
}

/** Converts with the rows in force on asOf, remembering which rows were used. */
class Converter {
  readonly used = new Map<string, FxFigures>();
  constructor(
    private readonly rows: readonly FxFigures[],
    private readonly asOf: string,
  ) {}

  /** A country whose currency has no rate is left out of the remote what-if, not an error. */
  canConvert(from: string, to: string): boolean {
    return findConversion(this.rows, currencyOf(from), currencyOf(to), this.asOf) !== undefined;
  }

  convert(amount: number, from: string, to: string): number {
    const conversion = findConversion(this.rows, currencyOf(from), currencyOf(to), this.asOf);
    if (!conversion)
      throw new BenchmarkError(
        'FX_RATE_MISSING',
        `No FX rate from ${from} to ${to} in force on ${this.asOf} (directly or through USD)`,
        { from, to, asOf: this.asOf },
      );
    for (const row of conversion.rows) this.used.set(row.id, row);
    return convertMinor(amount, currencyOf(from), currencyOf(to), conversion.rate);
  }
}

/** An FX row as a benchmark (and the API) shows it: the rate as the exact decimal, trimmed. */
export function fxRowView(row: FxFigures): FxUsed {
  return {
    id: row.id,
    base: row.base,
    quote: row.quote,
    rate: formatRate(parseDecimal(row.rate)),
    effectiveFrom: row.effectiveFrom,
    source: row.source,
  };
}

function place(amount: number, band: BandFigures): Omit<Placement, 'converted'> {
  return {
    position: percentilePosition(amount, band),
    compaRatio: compaRatio(amount, band) ?? null,
    rangePenetration: rangePenetration(amount, band) ?? null,
  };
}

function describeBand(choice: BandChoice<BandFigures>): BandUsed {
  const { band } = choice;
  const figure = (key: PercentileKey) => {
    const value = band[key];
    return value === null || value === undefined ? null : money(value, band.currency);
  };
  return {
    id: band.id,
    roleFamilyId: band.roleFamilyId,
    level: band.level,
    country: band.country,
    payBasis: band.payBasis,
    effectiveFrom: band.effectiveFrom,
    p10: figure('p10'),
    p25: figure('p25'),
    p50: figure('p50'),
    p75: figure('p75'),
    p90: figure('p90'),
    mean: band.meanAmount === null ? null : money(band.meanAmount, band.currency),
    sampleSize: band.sampleSize,
    source: band.source,
    sourceUrl: band.sourceUrl,
    method: band.method,
    fallback: choice.fallback,
  };
}

export function benchmarkOffer(input: BenchmarkInput): BenchmarkResult {
  const { asOf, payBasis, offer, requisition } = input;
  const fx = new Converter(input.fxRates, asOf);
  const amount = comparedAmount(offer, payBasis);
  const want = {
    roleFamilyId: requisition.roleFamilyId,
    level: requisition.level,
    payBasis,
    asOf,
  };
  const preferred = [offer.currency, requisition.budget.currency];
  const choice = chooseBand(input.bands, { ...want, country: requisition.country }, preferred);
  if (!choice)
    throw new BenchmarkError(
      'NO_MATCHING_BAND',
      `No ${payBasis}-pay band for ${requisition.roleFamilyId} in ${requisition.country} in force on ${asOf}, at any level`,
      { roleFamilyId: requisition.roleFamilyId, country: requisition.country, payBasis, asOf },
    );
  const band = choice.band;
  const converted = fx.convert(amount, offer.currency, band.currency);

  const budgetComparable = requisition.budget.payBasis === payBasis;
  const budgetOffer = budgetComparable
    ? fx.convert(amount, offer.currency, requisition.budget.currency)
    : undefined;
  const expectation = input.expectation;
  const expectationComparable = expectation !== null && expectation.payBasis === payBasis;
  const expected = expectationComparable
    ? fx.convert(expectation.amount, expectation.currency, offer.currency)
    : undefined;

  const flags = offerFlags({
    amount: converted,
    band,
    asOf,
    fallback: choice.fallback,
    budget:
      budgetOffer === undefined ? undefined : { offer: budgetOffer, max: requisition.budget.max },
    expectation: expected === undefined ? undefined : { offer: amount, expected },
  });

  const target = skillAdjustedTarget(input.fitScore);
  const targetAmount = target.available ? amountAtPercentile(target.percentile, band) : undefined;

  const remoteWhatIf =
    requisition.remotePolicy === 'remote' ? remotePlacements(input, amount, fx) : null;

  return {
    asOf,
    payBasis,
    offer: money(amount, offer.currency),
    band: describeBand(choice),
    converted: money(converted, band.currency),
    ...place(converted, band),
    fx: [...fx.used.values()].sort((a, b) => a.id.localeCompare(b.id)).map(fxRowView),
    flags,
    blocking: flags.some((f) => f.blocking),
    budget: {
      compared: budgetComparable,
      note: budgetComparable
        ? `The offer against the budget maximum, in ${requisition.budget.currency}`
        : `The budget is on ${requisition.budget.payBasis} pay and the offer on ${payBasis} pay: not compared`,
      offer: budgetOffer === undefined ? null : money(budgetOffer, requisition.budget.currency),
      min: money(requisition.budget.min, requisition.budget.currency),
      max: money(requisition.budget.max, requisition.budget.currency),
    },
    expectation: {
      compared: expected !== undefined,
      note:
        expectation === null
          ? 'No expectation recorded on the application'
          : expectationComparable
            ? `The expectation in ${offer.currency}, against the offer`
            : `The expectation is on ${expectation.payBasis} pay and the offer on ${payBasis} pay: not compared`,
      offer: expected === undefined ? null : money(amount, offer.currency),
      expected: expected === undefined ? null : money(expected, offer.currency),
    },
    target: {
      ...target,
      amount: targetAmount === undefined ? null : money(roundMinor(targetAmount), band.currency),
    },
    remoteWhatIf,
  };
}

function remotePlacements(input: BenchmarkInput, amount: number, fx: Converter): RegionPlacement[] {
  const countries = [
    ...new Set(input.bands.filter((b) => b.payBasis === input.payBasis).map((b) => b.country)),
  ].sort();
  return countries.flatMap((country) => {
    const choice = chooseBand(
      input.bands,
      {
        roleFamilyId: input.requisition.roleFamilyId,
        level: input.requisition.level,
        country,
        payBasis: input.payBasis,
        asOf: input.asOf,
      },
      [input.offer.currency],
    );
    if (!choice || !fx.canConvert(input.offer.currency, choice.band.currency)) return [];
    const band = choice.band;
    const converted = fx.convert(amount, input.offer.currency, band.currency);
    return [
      {
        country,
        band: {
          id: band.id,
          level: band.level,
          effectiveFrom: band.effectiveFrom,
          fallback: choice.fallback !== null,
        },
        converted: money(converted, band.currency),
        ...place(converted, band),
      },
    ];
  });
}
