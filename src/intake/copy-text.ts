/**
 * PostgreSQL COPY text format (tab-separated, `\N` for NULL): one line per row. Pure.
 * Backslash, tab, newline and carriage return are the only characters the format escapes; a NUL
 * can never arrive here (validation refuses control characters before a value is staged).
 */
const SPECIAL = /[\\\t\n\r]/;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

export function copyValue(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '\\N';
  const text = typeof value === 'number' ? String(value) : value;
  return SPECIAL.test(text) ? text.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]!) : text;
}

export function copyLine(values: ReadonlyArray<string | number | null | undefined>): string {
  let line = '';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) line += '\t';
    line += copyValue(values[i]);
  }
  return `${line}\n`;
}
