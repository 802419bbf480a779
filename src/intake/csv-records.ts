import { isAscii, isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import { Transform, TransformCallback } from 'node:stream';

/** The file as a whole cannot be read as CSV (the upload is refused). */
export class CsvFileError extends Error {
  override name = 'CsvFileError';
}

/**
 * A field's text, or undefined when its bytes are not valid UTF-8: fields are decoded one by
 * one, so one bad byte rejects one row (or names one field), never the whole file.
 */
export type Field = string | undefined;

export interface CsvRecord {
  /** Line of the file where the record starts (1 = the header). */
  line: number;
  cells: Field[];
  /** Records that could not be read, found since the previous record (in line order). */
  malformed: MalformedRecord[];
}

export interface MalformedRecord {
  line: number;
  reason: string;
}

/**
 * Where a scanned record's fields lie in its bytes, three numbers per field: start, end, and 1
 * when the field was quoted and holds doubled quotes to undo (else 0). A flat array reused from
 * record to record: one object per field would be garbage for every cell of a 100,000-row file.
 */
export type FieldRanges = number[];

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;

export const MALFORMED_REASONS = {
  notClosed:
    'a quoted value is never closed: this line and the ones after it were read as one value',
  openingQuote: 'a quote inside an unquoted value (quote the whole value and double inner quotes)',
  closingQuote: 'text after a closing quote (double quotes inside a quoted value)',
} as const;

type Scan =
  | { kind: 'record'; end: number; lines: number }
  | { kind: 'broken'; reason: string; end: number; lines: number }
  | { kind: 'incomplete' };

const INCOMPLETE: Scan = { kind: 'incomplete' };

/**
 * RFC 4180 CSV, comma-separated, LF or CRLF line ends, read from bytes. One record is scanned
 * from `start` and its fields' ranges are written to `fields`; `eof` says no more bytes will
 * follow. A record with a stray quote is "broken" and skipped to the end of its physical line,
 * so one bad line never swallows the rest of the file.
 */
export function scanRecord(data: Buffer, start: number, eof: boolean, fields: FieldRanges): Scan {
  fields.length = 0;
  let pos = start;
  let lines = 0;
  for (;;) {
    if (data[pos] === QUOTE) {
      const field = scanQuoted(data, pos + 1, eof);
      if (field === undefined) {
        if (!eof) return INCOMPLETE;
        return { kind: 'broken', reason: MALFORMED_REASONS.notClosed, end: data.length, lines: 0 };
      }
      lines += field.lines;
      fields.push(pos + 1, field.end - 1, field.escaped ? 1 : 0);
      pos = field.end; // just after the closing quote
      const next = data[pos];
      if (next === COMMA) {
        pos++;
        continue;
      }
      const ending = lineEnd(data, pos, eof);
      if (ending === undefined) return INCOMPLETE;
      if (ending >= 0) return { kind: 'record', end: ending, lines: lines + 1 };
      return broken(data, pos, eof, MALFORMED_REASONS.closingQuote, lines);
    }
    let at = pos;
    while (at < data.length) {
      const byte = data[at];
      if (byte === COMMA || byte === LF || byte === QUOTE) break;
      at++;
    }
    if (at === data.length && !eof) return INCOMPLETE;
    if (data[at] === QUOTE) return broken(data, at, eof, MALFORMED_REASONS.openingQuote, lines);
    const stop = data[at] === LF && at > pos && data[at - 1] === CR ? at - 1 : at;
    fields.push(pos, stop, 0);
    if (data[at] === COMMA) {
      pos = at + 1;
      continue;
    }
    return { kind: 'record', end: Math.min(at + 1, data.length), lines: lines + 1 };
  }
}

/** A quoted value from just after its opening quote: where it ends (after the closing quote). */
function scanQuoted(
  data: Buffer,
  from: number,
  eof: boolean,
): { end: number; escaped: boolean; lines: number } | undefined {
  let escaped = false;
  let search = from;
  for (;;) {
    const quote = data.indexOf(QUOTE, search);
    if (quote < 0) return undefined;
    if (quote + 1 >= data.length && !eof) return undefined; // the next byte decides
    if (data[quote + 1] === QUOTE) {
      escaped = true;
      search = quote + 2;
      continue;
    }
    return { end: quote + 1, escaped, lines: countLf(data, from, quote) };
  }
}

/** After a closing quote: the position after the line end, -1 if other text follows, undefined if unknown yet. */
function lineEnd(data: Buffer, pos: number, eof: boolean): number | undefined {
  if (pos >= data.length) return eof ? data.length : undefined;
  if (data[pos] === LF) return pos + 1;
  if (data[pos] === CR) {
    if (pos + 1 >= data.length) return eof ? -1 : undefined;
    if (data[pos + 1] === LF) return pos + 2;
  }
  return -1;
}

function broken(data: Buffer, from: number, eof: boolean, reason: string, lines: number): Scan {
  const lf = data.indexOf(LF, from);
  if (lf < 0) return eof ? { kind: 'broken', reason, end: data.length, lines } : INCOMPLETE;
  return { kind: 'broken', reason, end: lf + 1, lines: lines + 1 };
}

function countLf(data: Buffer, from: number, to: number): number {
  let count = 0;
  for (let at = data.indexOf(LF, from); at >= 0 && at < to; at = data.indexOf(LF, at + 1)) count++;
  return count;
}

/** True when some field of the scanned record is not empty. */
export function hasContent(fields: FieldRanges): boolean {
  for (let i = 0; i < fields.length; i += 3) if (fields[i + 1]! > fields[i]!) return true;
  return false;
}

/**
 * The text of the fields of the record scanned from `data[from, to)`. `ascii` is the whole of
 * `data` read as Latin-1, given when every byte of it is ASCII: byte and character offsets then
 * agree and each field is a slice of that one string, with no Buffer or native call per field.
 * Otherwise the record is checked as UTF-8 once and decoded field by field; only a record that
 * fails is checked field by field, to find the bad ones. (CSV's separators and quotes are ASCII
 * bytes, which never occur inside a multi-byte character, so a valid record has valid fields.)
 */
export function decodeFields(
  data: Buffer,
  fields: FieldRanges,
  from: number,
  to: number,
  ascii?: string,
): Field[] {
  const cells: Field[] = new Array<Field>(fields.length / 3);
  const valid = ascii !== undefined || isUtf8(data.subarray(from, to));
  for (let i = 0, cell = 0; i < fields.length; i += 3, cell++) {
    const start = fields[i]!;
    const end = fields[i + 1]!;
    let text: Field;
    if (ascii !== undefined) text = ascii.slice(start, end);
    else if (valid || isUtf8(data.subarray(start, end))) text = data.toString('utf8', start, end);
    cells[cell] = text !== undefined && fields[i + 2] === 1 ? text.replaceAll('""', '"') : text;
  }
  return cells;
}

/** `data` as one string when all of it is ASCII (see decodeFields), else undefined. */
function asciiText(data: Buffer): string | undefined {
  return isAscii(data) ? data.toString('latin1') : undefined;
}

/**
 * A streaming CSV reader: bytes in, arrays of records out (one array per chunk read, so the
 * consumer pays one await per chunk rather than per row), never the whole file. Empty lines and
 * rows of empty cells are skipped. A record larger than maxRecordBytes (usually a quote left
 * open) makes the file unreadable.
 */
export class CsvRecordStream extends Transform {
  private carry: Buffer | undefined;
  private line = 1;
  private pending: MalformedRecord[] = [];

  constructor(private readonly maxRecordBytes: number) {
    super({ readableObjectMode: true });
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.guard(callback, () => this.consume(chunk, false));
  }

  override _flush(callback: TransformCallback): void {
    this.guard(callback, () => this.consume(Buffer.alloc(0), true));
  }

  /** Unreadable records after the last record (read once the stream has ended). */
  trailing(): MalformedRecord[] {
    const rest = this.pending;
    this.pending = [];
    return rest;
  }

  private guard(callback: TransformCallback, work: () => void): void {
    try {
      work();
    } catch (error) {
      callback(error as Error);
      return;
    }
    callback();
  }

  private consume(chunk: Buffer, eof: boolean): void {
    const data = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    this.carry = undefined;
    const records: CsvRecord[] = [];
    const ascii = asciiText(data);
    const fields: FieldRanges = [];
    let pos = 0;
    while (pos < data.length) {
      const scan = scanRecord(data, pos, eof, fields);
      if (scan.kind === 'incomplete') break;
      if (scan.end - pos > this.maxRecordBytes) this.tooLarge();
      if (scan.kind === 'broken') {
        this.pending.push({ line: this.line, reason: scan.reason });
      } else if (hasContent(fields)) {
        const cells = decodeFields(data, fields, pos, scan.end, ascii);
        records.push({ line: this.line, cells, malformed: this.pending });
        this.pending = [];
      }
      this.line += scan.lines;
      pos = scan.end;
    }
    if (pos < data.length) {
      if (data.length - pos > this.maxRecordBytes) this.tooLarge();
      this.carry = Buffer.from(data.subarray(pos));
    }
    if (records.length > 0) this.push(records);
  }

  private tooLarge(): never {
    throw new CsvFileError(
      `a record starting at line ${this.line} is larger than ${this.maxRecordBytes} bytes (is a quote left open?)`,
    );
  }
}

/**
 * Passes the bytes through while hashing (SHA-256) and counting them, so the file is identified
 * without being kept. Refuses UTF-16 and UTF-32 files by their byte-order mark.
 */
export class FileDigest extends Transform {
  private readonly hash = createHash('sha256');
  bytes = 0;
  private head = Buffer.alloc(0);

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    const first = this.bytes === 0;
    if (this.bytes < 4) {
      this.head = Buffer.concat([this.head, chunk.subarray(0, 4)]);
      const wide =
        (this.head[0] === 0xff && this.head[1] === 0xfe) ||
        (this.head[0] === 0xfe && this.head[1] === 0xff) ||
        (this.head.length >= 4 && this.head.readUInt32BE(0) === 0x0000feff);
      if (wide) {
        callback(new CsvFileError('the file is UTF-16 or UTF-32; save it as UTF-8 CSV'));
        return;
      }
    }
    this.bytes += chunk.length;
    this.hash.update(chunk);
    const bom = first && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf;
    callback(null, bom ? chunk.subarray(3) : chunk);
  }

  private hex: string | undefined;

  /** Hex SHA-256 of everything that passed; read it once the stream has ended. */
  get sha256(): string {
    this.hex ??= this.hash.digest('hex');
    return this.hex;
  }
}
