import { HttpStatus } from '@nestjs/common';

/**
 * Every machine-readable error code Sift returns, with its HTTP status. Feature modules add their
 * own block here; the Record type makes the compiler reject a code without a status.
 */
export const COMMON_ERRORS = {
  VALIDATION_FAILED: HttpStatus.BAD_REQUEST,
  MALFORMED_JSON: HttpStatus.BAD_REQUEST,
  MALFORMED_REQUEST: HttpStatus.BAD_REQUEST,
  INVALID_ID: HttpStatus.BAD_REQUEST,
  INVALID_CURSOR: HttpStatus.BAD_REQUEST,
  UNAUTHENTICATED: HttpStatus.UNAUTHORIZED,
  FORBIDDEN: HttpStatus.FORBIDDEN,
  NOT_FOUND: HttpStatus.NOT_FOUND,
  ROUTE_NOT_FOUND: HttpStatus.NOT_FOUND,
  METHOD_NOT_ALLOWED: HttpStatus.METHOD_NOT_ALLOWED,
  CONFLICT: HttpStatus.CONFLICT,
  PAYLOAD_TOO_LARGE: HttpStatus.PAYLOAD_TOO_LARGE,
  UNSUPPORTED_MEDIA_TYPE: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
  TOO_MANY_REQUESTS: HttpStatus.TOO_MANY_REQUESTS,
  INTERNAL_ERROR: HttpStatus.INTERNAL_SERVER_ERROR,
  DATABASE_UNAVAILABLE: HttpStatus.SERVICE_UNAVAILABLE,
  SERVICE_UNAVAILABLE: HttpStatus.SERVICE_UNAVAILABLE,
} as const;

export const AUTH_ERRORS = {
  INVALID_CREDENTIALS: HttpStatus.UNAUTHORIZED,
  CSRF_REJECTED: HttpStatus.FORBIDDEN,
  SESSION_REQUIRED: HttpStatus.FORBIDDEN,
  ROUTE_NOT_CLASSIFIED: HttpStatus.FORBIDDEN,
  LOGIN_THROTTLED: HttpStatus.TOO_MANY_REQUESTS,
  TOKEN_NOT_FOUND: HttpStatus.NOT_FOUND,
} as const;

export const USER_ERRORS = {
  USER_NOT_FOUND: HttpStatus.NOT_FOUND,
  USER_EMAIL_TAKEN: HttpStatus.CONFLICT,
  LAST_ADMIN: HttpStatus.CONFLICT,
  CANNOT_DEACTIVATE_SELF: HttpStatus.CONFLICT,
} as const;

export const ERROR_STATUS = {
  ...COMMON_ERRORS,
  ...AUTH_ERRORS,
  ...USER_ERRORS,
} as const satisfies Record<string, HttpStatus>;

export type ErrorCode = keyof typeof ERROR_STATUS;

export function statusOf(code: ErrorCode): HttpStatus {
  return ERROR_STATUS[code];
}
