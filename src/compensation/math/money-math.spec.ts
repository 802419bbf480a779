import { CurrencyCode } from '../../common/dto/currency';
import {
  convertMinor,
  formatRate,
  invert,
  isPositiveDecimal,
  multiply,
  parseDecimal,
  roundHalfEven,
  roundMinor,
} from './money-math';

describe('roundHalfEven', () => {
  it.each<[bigint, bigint, bigint]>([
    [5n, 2n, 2n], // 2.5 -> 2
    [7n, 2n, 4n], // 3.5 -> 4
    [11n, 4n, 3n], // 2.75 -> 3
    [9n, 4n, 2n], // 2.25 -> 2
    [-5n, 2n, -2n],
    [-7n, 2n, -4n],
    [10n, 5n, 2n],
    [1n, 3n, 0n],
    [2n, 3n, 1n],
    [5n, -2n, -2n],
  ])('%p / %p -> %p', (num, den, expected) => {
    expect(roundHalfEven(num, den)).toBe(expected);
  });

  it('refuses a zero denominator', () => {
    expect(() => roundHalfEven(1n, 0n)).toThrow(RangeError);
  });
});

describe('parseDecimal and formatRate', () => {
  it.each<[string, bigint, bigint, string]>([
    ['1.259', 1259n, 1000n, '1.259'],
    ['0.01205', 1205n, 100000n, '0.01205'],
    ['150', 150n, 1n, '150'],
    ['1.259000000000', 1259000000000n, 1000000000000n, '1.259'],
  ])('%s', (text, num, den, formatted) => {
    expect(parseDecimal(text)).toEqual({ num, den });
    expect(formatRate(parseDecimal(text))).toBe(formatted);
  });

  it.each(['-1', '1e3', '1,5', '', '.5', '1.', '1.1234567890123', '0', '0.000'])(
    'refuses %p as a rate',
    (text) => {
      expect(isPositiveDecimal(text)).toBe(false);
    },
  );

  it('writes an inverse or cross rate at 12 decimals, half-even', () => {
    expect(formatRate(invert(parseDecimal('1.259')))).toBe('0.794281175536');
    expect(formatRate(multiply(parseDecimal('1.097'), invert(parseDecimal('1.259'))))).toBe(
      '0.871326449563',
    );
  });
});

describe('convertMinor: rounds once, half to even, to the target minor unit', () => {
  it.each<[string, number, CurrencyCode, CurrencyCode, string, number]>([
    ['GBP -> USD, exact', 10000, 'GBP', 'USD', '1.259', 12590],
    ['GBP -> USD, 0.5 cent rounds to even (down)', 50, 'GBP', 'USD', '1.25', 62], // 62.5
    ['GBP -> USD, 0.5 cent rounds to even (up)', 70, 'GBP', 'USD', '1.25', 88], // 87.5
    ['USD -> JPY (no minor unit), 150.5 -> 150', 100, 'USD', 'JPY', '150.5', 150],
    ['USD -> JPY, 151.5 -> 152', 100, 'USD', 'JPY', '151.5', 152],
    ['JPY -> USD (gains two digits), 664.5 cents -> 664', 1000, 'JPY', 'USD', '0.006645', 664],
    ['JPY -> USD, 665.5 cents -> 666', 1000, 'JPY', 'USD', '0.006655', 666],
    ['USD -> KWD (three digits)', 100000, 'USD', 'KWD', '0.30745', 307450],
    ['KWD -> USD (loses a digit), tie to even', 5, 'KWD', 'USD', '1', 0], // 0.5 cent -> 0
    ['KWD -> USD, tie to even up', 15, 'KWD', 'USD', '1', 2], // 1.5 cent -> 2
    ['INR -> USD', 114500000, 'INR', 'USD', '0.01205', 1379725],
    ['same rate, same currency digits', 12345, 'EUR', 'GBP', '1', 12345],
  ])('%s', (_name, amount, from, to, rate, expected) => {
    expect(convertMinor(amount, from, to, parseDecimal(rate))).toBe(expected);
  });

  it('refuses an amount that is not a safe integer', () => {
    expect(() => convertMinor(1.5, 'USD', 'EUR', parseDecimal('1'))).toThrow(RangeError);
  });
});

describe('roundMinor', () => {
  it.each<[number, number]>([
    [10.5, 10],
    [11.5, 12],
    [10.49, 10],
    [10.51, 11],
    [7, 7],
  ])('%p -> %p', (value, expected) => {
    expect(roundMinor(value)).toBe(expected);
  });
});
