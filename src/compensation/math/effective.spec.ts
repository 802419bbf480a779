import { chooseBand, findConversion, inForce, twelveMonthsBefore } from './effective';
import { formatRate } from './money-math';
import { band, fx } from './spec-fixtures';

describe('inForce: the latest row on or before the date, per key', () => {
  const old = band({ effectiveFrom: '2025-06-01', p50: 1 });
  const current = band({ effectiveFrom: '2026-03-01', p50: 2 });
  const future = band({ effectiveFrom: '2026-09-01', p50: 3 });
  const rows = [current, future, old];
  const key = () => 'one key';

  it.each<[string, string, string[]]>([
    ['before any row', '2025-05-31', []],
    ['on the first row', '2025-06-01', [old.id]],
    ['the day before a change', '2026-02-28', [old.id]],
    ['on the day of a change', '2026-03-01', [current.id]],
    ['after the change, before the next', '2026-08-31', [current.id]],
    ['after the last', '2027-01-01', [future.id]],
  ])('%s', (_name, asOf, ids) => {
    expect(inForce(rows, asOf, key).map((r) => r.id)).toEqual(ids);
  });
});

describe('chooseBand', () => {
  const want = {
    roleFamilyId: 'ai-engineer',
    level: 'senior' as const,
    country: 'US',
    payBasis: 'base' as const,
    asOf: '2026-06-01',
  };

  it('takes the exact level when there is one', () => {
    const senior = band({ level: 'senior' });
    expect(chooseBand([band({ level: 'mid' }), senior], want)).toEqual({
      band: senior,
      fallback: null,
    });
  });

  it.each<[string, string[], string]>([
    ['the nearest level below', ['junior', 'mid'], 'mid'],
    ['the nearest level above', ['staff', 'principal'], 'staff'],
    ['on a tie, the lower level', ['mid', 'staff'], 'mid'],
    ['two away when nothing nearer', ['junior', 'principal'], 'junior'],
  ])('falls back to %s, flagged', (_name, levels, used) => {
    const rows = levels.map((level) => band({ level: level as 'mid' }));
    const choice = chooseBand(rows, want);
    expect(choice?.band.level).toBe(used);
    expect(choice?.fallback).toEqual({ requestedLevel: 'senior', usedLevel: used });
  });

  it('never crosses family, country or pay basis: none is undefined', () => {
    const rows = [
      band({ level: 'senior', payBasis: 'total' }),
      band({ level: 'senior', country: 'GB', currency: 'GBP' }),
      band({ level: 'senior', roleFamilyId: 'data-scientist' }),
    ];
    expect(chooseBand(rows, want)).toBeUndefined();
  });

  it('ignores bands not yet in force, and picks the newer of two', () => {
    const older = band({ level: 'senior', effectiveFrom: '2025-01-01' });
    const newer = band({ level: 'senior', effectiveFrom: '2026-05-01' });
    const later = band({ level: 'senior', effectiveFrom: '2026-07-01' });
    expect(chooseBand([older, later, newer], want)?.band).toBe(newer);
    expect(chooseBand([older, later, newer], { ...want, asOf: '2026-04-30' })?.band).toBe(older);
  });

  it('prefers the given currencies, then alphabetical', () => {
    const usd = band({ level: 'senior', currency: 'USD' });
    const eur = band({ level: 'senior', currency: 'EUR' });
    expect(chooseBand([usd, eur], want, ['USD'])?.band).toBe(usd);
    expect(chooseBand([usd, eur], want, ['GBP'])?.band).toBe(eur);
  });

  it('prefers the nearer level over a preferred currency', () => {
    const exact = band({ level: 'senior', currency: 'EUR' });
    const near = band({ level: 'staff', currency: 'USD' });
    expect(chooseBand([near, exact], want, ['USD'])?.band).toBe(exact);
  });
});

describe('findConversion', () => {
  const gbp = fx('GBP', 'USD', '1.25', '2026-01-01');
  const gbpLater = fx('GBP', 'USD', '1.3', '2026-06-01');
  const eur = fx('EUR', 'USD', '1.1', '2026-01-01');
  const rows = [gbp, gbpLater, eur];

  it.each<[string, string, string, string, string | undefined, string[]]>([
    ['same currency', 'USD', 'USD', '2026-03-01', '1', []],
    ['direct row', 'GBP', 'USD', '2026-03-01', '1.25', [gbp.id]],
    ['direct row after an FX change', 'GBP', 'USD', '2026-06-01', '1.3', [gbpLater.id]],
    ['the day before the change', 'GBP', 'USD', '2026-05-31', '1.25', [gbp.id]],
    ['inverse of the opposite row', 'USD', 'GBP', '2026-03-01', '0.8', [gbp.id]],
    ['cross through USD', 'EUR', 'GBP', '2026-03-01', '0.88', [eur.id, gbp.id]],
    ['cross after the change', 'GBP', 'EUR', '2026-07-01', '1.181818181818', [gbpLater.id, eur.id]],
    ['no row yet', 'GBP', 'USD', '2025-12-31', undefined, []],
    ['no path at all', 'INR', 'USD', '2026-03-01', undefined, []],
  ])('%s', (_name, from, to, asOf, rate, used) => {
    const conversion = findConversion(rows, from as 'USD', to as 'USD', asOf);
    expect(conversion && formatRate(conversion.rate)).toBe(rate);
    expect(conversion?.rows.map((r) => r.id) ?? []).toEqual(used);
  });

  it('prefers a direct row over a cross rate', () => {
    const direct = fx('EUR', 'GBP', '0.9');
    const conversion = findConversion([...rows, direct], 'EUR', 'GBP', '2026-03-01');
    expect(conversion?.rows).toEqual([direct]);
  });
});

describe('twelveMonthsBefore', () => {
  it.each([
    ['2026-11-28', '2025-11-28'],
    ['2026-01-01', '2025-01-01'],
    ['2028-02-29', '2027-02-28'],
    ['2026-12-31', '2025-12-31'],
  ])('%s -> %s', (asOf, expected) => {
    expect(twelveMonthsBefore(asOf)).toBe(expected);
  });
});
