import { CURRENCY_CODES, CurrencyCode, isCurrencyCode, minorUnits } from './currency';
import {
  formatMajorAmount,
  formatMoney,
  isMoney,
  minorUnitsColumn,
  MoneyFormatError,
  parseMajorAmount,
} from './money';

const MAX = Number.MAX_SAFE_INTEGER; // 9007199254740991

describe('parseMajorAmount', () => {
  it.each<[string, CurrencyCode, number]>([
    ['1234.5', 'USD', 123450],
    ['1234.50', 'USD', 123450],
    ['1234', 'USD', 123400],
    ['0.01', 'USD', 1],
    ['0.1', 'USD', 10],
    ['0', 'USD', 0],
    ['-0', 'USD', 0],
    ['007.5', 'EUR', 750],
    ['  12.34  ', 'USD', 1234],
    ['-12.34', 'USD', -1234],
    ['1,234.56', 'USD', 123456],
    ['1,234,567.89', 'USD', 123456789],
    ['-1,234.56', 'USD', -123456],
    ['1 234.56', 'EUR', 123456],
    ['1_234', 'USD', 123400],
    ['1234', 'JPY', 1234],
    ['1,234', 'JPY', 1234],
    ['1.234', 'BHD', 1234],
    ['1.5', 'BHD', 1500],
    ['0.001', 'KWD', 1],
    ['90071992547409.91', 'USD', MAX],
    ['-90071992547409.91', 'USD', -MAX],
    ['9007199254740991', 'JPY', MAX],
    ['999999999999999', 'JPY', 999_999_999_999_999], // 15 digits: the Number path
    ['1000000000000000', 'JPY', 1_000_000_000_000_000], // 16 digits: the BigInt path
    ['-0.00', 'USD', 0],
    ['000000000000000000001', 'JPY', 1],
  ])('%s %s -> %d', (text, currency, expected) => {
    expect(parseMajorAmount(text, currency)).toBe(expected);
  });

  it('adds exactly where floats do not (0.1 + 0.2)', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(parseMajorAmount('0.1', 'USD') + parseMajorAmount('0.2', 'USD')).toBe(
      parseMajorAmount('0.3', 'USD'),
    );
    expect(parseMajorAmount('1.15', 'USD')).toBe(115); // 1.15 * 100 === 114.99999999999999
    expect(parseMajorAmount('4.35', 'USD')).toBe(435); // 4.35 * 100 === 434.99999999999994
  });

  it.each<[string, CurrencyCode, string]>([
    ['1.5', 'JPY', 'more than 0 decimal places for JPY'],
    ['1.234', 'USD', 'more than 2 decimal places for USD'],
    ['0.0001', 'BHD', 'more than 3 decimal places for BHD'],
    ['90071992547409.92', 'USD', 'too large'],
    ['-90071992547409.92', 'USD', 'too large'],
    ['9007199254740992', 'JPY', 'too large'],
    ['1e3', 'USD', 'is not an amount'],
    ['abc', 'USD', 'is not an amount'],
    ['', 'USD', 'is not an amount'],
    ['1.', 'USD', 'is not an amount'],
    ['.5', 'USD', 'is not an amount'],
    ['+5', 'USD', 'is not an amount'],
    ['--5', 'USD', 'is not an amount'],
    ['$5', 'USD', 'is not an amount'],
    ['5 USD', 'USD', 'is not an amount'],
    ['1.2.3', 'USD', 'is not an amount'],
    ['12,34', 'USD', 'is not an amount'],
    ['1,2345', 'USD', 'is not an amount'],
    [',500', 'USD', 'is not an amount'],
    ['-,500', 'USD', 'is not an amount'],
    ['1.,234', 'BHD', 'is not an amount'],
    ['1,234 567', 'USD', 'is not an amount'],
    ['1234,567', 'USD', 'is not an amount'],
    ['NaN', 'USD', 'is not an amount'],
    ['Infinity', 'USD', 'is not an amount'],
    ['٣', 'USD', 'is not an amount'],
  ])('%j %s throws (%s)', (text, currency, reason) => {
    expect(() => parseMajorAmount(text, currency)).toThrow(MoneyFormatError);
    expect(() => parseMajorAmount(text, currency)).toThrow(reason);
  });
});

describe('formatMajorAmount', () => {
  it.each<[number, CurrencyCode, string]>([
    [0, 'USD', '0.00'],
    [1, 'USD', '0.01'],
    [5, 'USD', '0.05'],
    [50, 'USD', '0.50'],
    [100, 'USD', '1.00'],
    [123450, 'USD', '1234.50'],
    [-5, 'USD', '-0.05'],
    [-123450, 'USD', '-1234.50'],
    [MAX, 'USD', '90071992547409.91'],
    [-MAX, 'USD', '-90071992547409.91'],
    [0, 'JPY', '0'],
    [1234, 'JPY', '1234'],
    [-7, 'JPY', '-7'],
    [0, 'BHD', '0.000'],
    [5, 'BHD', '0.005'],
    [1234, 'BHD', '1.234'],
    [1000, 'KWD', '1.000'],
  ])('%d %s -> %s', (amount, currency, expected) => {
    expect(formatMajorAmount({ amount, currency })).toBe(expected);
  });

  it('formats negative zero as zero', () => {
    expect(formatMajorAmount({ amount: -0, currency: 'USD' })).toBe('0.00');
  });

  it.each<[number, CurrencyCode]>([
    [0, 'USD'],
    [1, 'USD'],
    [5, 'USD'],
    [99, 'USD'],
    [100, 'USD'],
    [123456789, 'EUR'],
    [-42, 'GBP'],
    [MAX, 'USD'],
    [-MAX, 'USD'],
    [0, 'JPY'],
    [987654, 'KRW'],
    [1, 'BHD'],
    [10, 'BHD'],
    [1234567, 'KWD'],
  ])('round-trips %d %s through parseMajorAmount', (amount, currency) => {
    expect(parseMajorAmount(formatMajorAmount({ amount, currency }), currency)).toBe(amount);
  });

  it('round-trips every supported currency', () => {
    for (const currency of CURRENCY_CODES) {
      const text = formatMajorAmount({ amount: 1234567, currency });
      expect(text.split('.')[1]?.length ?? 0).toBe(minorUnits(currency));
      expect(parseMajorAmount(text, currency)).toBe(1234567);
    }
  });
});

describe('formatMoney', () => {
  // Intl separates the currency code from the number with a no-break space.
  const normalise = (text: string): string => text.replace(/\u00a0/g, ' ');

  it.each<[number, CurrencyCode, string]>([
    [123450, 'USD', '$1,234.50'],
    [5, 'USD', '$0.05'],
    [0, 'USD', '$0.00'],
    [-123450, 'USD', '-$1,234.50'],
    [1234, 'JPY', '¥1,234'],
    [1234, 'BHD', 'BHD 1.234'],
    [123450, 'EUR', '€1,234.50'],
    [MAX, 'USD', '$90,071,992,547,409.91'],
  ])('en: %d %s -> %s', (amount, currency, expected) => {
    expect(normalise(formatMoney({ amount, currency }))).toBe(expected);
  });

  it('defaults to en and contains the grouped amount and the symbol', () => {
    const text = formatMoney({ amount: 123450, currency: 'USD' });
    expect(text).toContain('1,234.50');
    expect(text).toContain('$');
  });

  it('honours the locale', () => {
    expect(normalise(formatMoney({ amount: 123450, currency: 'EUR' }, 'de'))).toBe('1.234,50 €');
  });
});

describe('isMoney', () => {
  it.each<[string, unknown, boolean]>([
    ['a USD amount', { amount: 123450, currency: 'USD' }, true],
    ['zero', { amount: 0, currency: 'JPY' }, true],
    ['a negative amount', { amount: -1, currency: 'EUR' }, true],
    ['the largest safe amount', { amount: MAX, currency: 'USD' }, true],
    ['a fractional amount', { amount: 1.5, currency: 'USD' }, false],
    ['an amount beyond 2^53', { amount: MAX + 1, currency: 'USD' }, false],
    ['NaN', { amount: NaN, currency: 'USD' }, false],
    ['Infinity', { amount: Infinity, currency: 'USD' }, false],
    ['a string amount', { amount: '100', currency: 'USD' }, false],
    ['a lower-case currency', { amount: 100, currency: 'usd' }, false],
    ['an unknown currency', { amount: 100, currency: 'XXX' }, false],
    ['no currency', { amount: 100 }, false],
    ['no amount', { currency: 'USD' }, false],
    ['null', null, false],
    ['undefined', undefined, false],
    ['a number', 100, false],
    ['a string', '100 USD', false],
  ])('%s -> %s', (_name, value, expected) => {
    expect(isMoney(value)).toBe(expected);
  });
});

describe('minorUnitsColumn', () => {
  it.each([0, 1, -1, 123450, MAX, -MAX])('round-trips %d through an int8 string', (amount) => {
    const stored = minorUnitsColumn.to(amount);
    expect(stored).toBe(String(amount));
    expect(minorUnitsColumn.from(stored as string)).toBe(amount);
  });

  it('writes the exact decimal digits of the largest safe amount', () => {
    expect(minorUnitsColumn.to(MAX)).toBe('9007199254740991');
  });

  it('passes null and undefined through', () => {
    expect(minorUnitsColumn.to(null)).toBeNull();
    expect(minorUnitsColumn.to(undefined)).toBeUndefined();
    expect(minorUnitsColumn.from(null)).toBeNull();
  });

  it.each(['9007199254740992', '-9007199254740992', '9223372036854775807'])(
    'refuses stored amount %s beyond the safe range',
    (stored) => {
      expect(() => minorUnitsColumn.from(stored)).toThrow(MoneyFormatError);
      expect(() => minorUnitsColumn.from(stored)).toThrow('exceeds the safe integer range');
    },
  );
});

describe('isCurrencyCode', () => {
  it.each<[unknown, boolean]>([
    ['USD', true],
    ['JPY', true],
    ['BHD', true],
    ['usd', false],
    ['XXX', false],
    ['US', false],
    ['', false],
    ['toString', false],
    ['constructor', false],
    ['__proto__', false],
    [840, false],
    [null, false],
    [undefined, false],
  ])('%j -> %s', (value, expected) => {
    expect(isCurrencyCode(value)).toBe(expected);
  });

  it('knows the minor-unit exponent of each currency', () => {
    expect([minorUnits('USD'), minorUnits('JPY'), minorUnits('BHD')]).toEqual([2, 0, 3]);
  });
});
