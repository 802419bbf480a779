import { Options, parse, Parser } from 'csv-parse';
import { createHash } from 'node:crypto';
import { Transform, TransformCallback } from 'node:stream';

/** A record's fields as raw bytes (decoded per field, so one bad byte rejects one row, not the file). */
export interface CsvRecord {
  /** Line of the file where the record starts (1 = the header). */
  line: number;
  cells: Buffer[];
  /** Records the parser could not read, found since the previous record (in line order). */
  malformed: MalformedRecord[];
}

export interface MalformedRecord {
  line: number;
  reason: string;
}

/** The file as a whole cannot be read as CSV (the upload is refused). */
export class CsvFileError extends Error {
  override name = 'CsvFileError';
}

const MALFORMED: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED:
    'a quoted value is never closed: this line and the ones after it were read as one value',
  INVALID_OPENING_QUOTE:
    'a quote inside an unquoted value (quote the whole value and double inner quotes)',
  CSV_INVALID_CLOSING_QUOTE: 'text after a closing quote (double quotes inside a quoted value)',
};

/**
 * A streaming CSV parser (csv-parse) that emits CsvRecord objects: bytes in, one record at a time
 * out, never the whole file. Empty lines and rows of empty cells are skipped. A record larger
 * than maxRecordBytes (usually a quote left open) makes the file unreadable.
 */
export function csvRecords(maxRecordBytes: number): {
  parser: Parser;
  trailing: () => MalformedRecord[];
} {
  let previousEnd = 0;
  let previousEmpty = 0;
  // csv-parse counts a CRLF inside a quoted value as two lines; people (and editors) see one.
  let overcount = 0;
  let pending: MalformedRecord[] = [];
  const startOf = (info: { lines: number; empty_lines: number }, crlfInside = 0): number => {
    const start = previousEnd + 1 + (info.empty_lines - previousEmpty);
    overcount += crlfInside;
    previousEnd = info.lines - overcount;
    previousEmpty = info.empty_lines;
    return start;
  };
  const options: Options<CsvRecord | null, Buffer[]> = {
    encoding: null,
    // FileDigest strips a UTF-8 BOM: csv-parse's own BOM handling switches to strings.
    bom: false,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    max_record_size: maxRecordBytes,
    on_skip: (error) => {
      if (!error) return undefined;
      if (error.code === 'CSV_MAX_RECORD_SIZE') {
        throw new CsvFileError(
          `a record starting near line ${previousEnd + 1} is larger than ${maxRecordBytes} bytes (is a quote left open?)`,
        );
      }
      const info = error as unknown as { lines: number; empty_lines: number };
      // One broken record can raise several errors (one per stray quote): report it once.
      if (info.lines <= previousEnd) return undefined;
      pending.push({
        line: startOf(info),
        reason: MALFORMED[error.code] ?? 'not readable as CSV',
      });
      return undefined;
    },
    on_record: (record: Buffer[], context) => {
      const line = startOf(context, crlfCount(record));
      if (record.every((cell) => cell.length === 0)) return null;
      const item: CsvRecord = { line, cells: record, malformed: pending };
      pending = [];
      return item;
    },
  };
  // Typed records: csv-parse's overloads only infer them together with `columns`.
  const parser = parse(options as unknown as Options);
  return {
    parser,
    trailing: () => {
      const rest = pending;
      pending = [];
      return rest;
    },
  };
}

function crlfCount(cells: Buffer[]): number {
  let count = 0;
  for (const cell of cells) {
    for (let at = cell.indexOf(0x0d); at >= 0; at = cell.indexOf(0x0d, at + 1)) {
      if (cell[at + 1] === 0x0a) count++;
    }
  }
  return count;
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
