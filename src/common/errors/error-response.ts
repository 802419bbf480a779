import { HttpException } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import { AppError } from './app-error';
import { ErrorCode, statusOf } from './error-codes';

export interface ErrorBody {
  statusCode: number;
  error: string;
  code: ErrorCode;
  message: string;
  details?: unknown;
  requestId?: string;
}

export interface MappedError {
  body: ErrorBody;
  /** True when the cause is a bug or an outage worth an error log, not a client mistake. */
  unexpected: boolean;
}

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: 'MALFORMED_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'TOO_MANY_REQUESTS',
};

// Connection-level failures from node-postgres and the server's "shutting down" SQLSTATEs.
const DB_DOWN_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
]);

// Deadlock and serialisation failure: PostgreSQL rolled the transaction back whole, so nothing was
// written and the same request can simply be sent again.
const RETRYABLE_CODES = new Set(['40P01', '40001']);

function sqlStateOf(error: unknown): string | undefined {
  const candidate = error as { code?: unknown; driverError?: { code?: unknown } } | null;
  const code = candidate?.driverError?.code ?? candidate?.code;
  return typeof code === 'string' ? code : undefined;
}

function body(
  code: ErrorCode,
  message: string,
  details?: unknown,
  status = statusOf(code),
): ErrorBody {
  const out: ErrorBody = {
    statusCode: status,
    error: STATUS_CODES[status] ?? 'Error',
    code,
    message,
  };
  if (details !== undefined) out.details = details;
  return out;
}

export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current && depth < 4; depth++) {
    const candidate = current as {
      code?: unknown;
      message?: unknown;
      driverError?: unknown;
      cause?: unknown;
    };
    if (typeof candidate.code === 'string' && DB_DOWN_CODES.has(candidate.code)) return true;
    if (
      typeof candidate.message === 'string' &&
      /Connection terminated|timeout exceeded when trying to connect/.test(candidate.message)
    ) {
      return true;
    }
    current = candidate.driverError ?? candidate.cause;
  }
  return false;
}

/** Maps anything thrown while handling a request to the one error shape; never leaks internals. */
export function toErrorBody(error: unknown): MappedError {
  if (error instanceof AppError) {
    return { body: body(error.code, error.message, error.details), unexpected: false };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const response = error.getResponse();
    const message =
      typeof response === 'object' && response !== null && 'message' in response
        ? String(response.message)
        : error.message;
    if (status >= 400 && status < 500) {
      const code =
        status === 404 && /^Cannot [A-Z]+ /.test(message)
          ? 'ROUTE_NOT_FOUND'
          : (CODE_BY_STATUS[status] ?? 'MALFORMED_REQUEST');
      return { body: body(code, message, undefined, status), unexpected: false };
    }
    if (status === 503) {
      return {
        body: body('SERVICE_UNAVAILABLE', 'The service is temporarily unavailable'),
        unexpected: true,
      };
    }
  }
  const framework = error as { statusCode?: unknown; code?: unknown; message?: unknown };
  if (
    typeof framework?.statusCode === 'number' &&
    framework.statusCode >= 400 &&
    framework.statusCode < 500
  ) {
    const status = framework.statusCode;
    const code = CODE_BY_STATUS[status] ?? 'MALFORMED_REQUEST';
    const message = typeof framework.message === 'string' ? framework.message : 'Bad request';
    return { body: body(code, message, undefined, status), unexpected: false };
  }
  const sqlState = sqlStateOf(error);
  if (sqlState !== undefined && RETRYABLE_CODES.has(sqlState)) {
    return {
      body: body(
        'CONFLICT',
        'The request collided with a concurrent change and nothing was saved; send it again',
      ),
      unexpected: false,
    };
  }
  if (isDatabaseUnavailable(error)) {
    return {
      body: body('DATABASE_UNAVAILABLE', 'The database is unavailable; try again shortly'),
      unexpected: true,
    };
  }
  return { body: body('INTERNAL_ERROR', 'Internal server error'), unexpected: true };
}
