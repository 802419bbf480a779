import { ErrorCode } from './error-codes';

export interface FieldError {
  field: string;
  messages: string[];
}

/** A failure the client can act on; its code decides the HTTP status (see error-codes.ts). */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: FieldError[] | Record<string, unknown>,
    /** Response headers the client needs to act, e.g. Retry-After. */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}
