import { LoggerService } from '@nestjs/common';
import { LogLevel } from '../../config/config';
import { currentRequestId } from '../request-context';

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export type LogFields = Record<string, unknown>;

/**
 * One JSON object per line on stdout, with the request id of the request being handled. Callers
 * pass structured fields, never request bodies, headers or query strings, so secrets stay out.
 */
export class JsonLogger implements LoggerService {
  constructor(
    private readonly level: LogLevel = 'info',
    private readonly write: (line: string) => void = (line) => process.stdout.write(line),
  ) {}

  log(message: unknown, context?: unknown): void {
    this.emit('info', message, context);
  }
  error(message: unknown, trace?: unknown, context?: unknown): void {
    this.emit('error', message, context, typeof trace === 'string' ? { stack: trace } : undefined);
  }
  warn(message: unknown, context?: unknown): void {
    this.emit('warn', message, context);
  }
  debug(message: unknown, context?: unknown): void {
    this.emit('debug', message, context);
  }
  verbose(message: unknown, context?: unknown): void {
    this.emit('debug', message, context);
  }

  /** Structured entry point for Sift's own code. */
  event(level: LogLevel, message: string, fields: LogFields = {}): void {
    this.emit(level, message, undefined, fields);
  }

  private emit(level: LogLevel, message: unknown, context: unknown, fields?: LogFields): void {
    if (RANK[level] < RANK[this.level]) return;
    const entry: LogFields = {
      time: new Date().toISOString(),
      level,
      msg: typeof message === 'string' ? message : describe(message),
    };
    if (typeof context === 'string') entry.context = context;
    const requestId = currentRequestId();
    if (requestId) entry.requestId = requestId;
    this.write(`${JSON.stringify({ ...entry, ...fields })}\n`);
  }
}

function describe(value: unknown): string {
  if (value instanceof Error) return value.message;
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}
