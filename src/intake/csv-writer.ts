import { neutraliseCsvCell } from '../candidates/candidate-rules';

/**
 * Every CSV Sift writes goes through here: each cell is neutralised against spreadsheet formula
 * injection (a leading =, +, -, @, tab or CR gets an apostrophe) and quoted per RFC 4180 when it
 * holds a comma, quote or line break. Lines end with CRLF, as RFC 4180 and spreadsheets expect.
 */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const safe = neutraliseCsvCell(typeof value === 'number' ? String(value) : value);
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvLine(cells: ReadonlyArray<string | number | null | undefined>): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}
