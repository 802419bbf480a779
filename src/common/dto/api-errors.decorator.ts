import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ErrorCode, statusOf } from '../errors/error-codes';
import { ErrorDto } from './error.dto';

/**
 * Documents a route's error responses from the codes it can return, grouped by HTTP status, so
 * the OpenAPI document lists the exact `code` values a client must handle.
 */
export function ApiErrors(...codes: ErrorCode[]): MethodDecorator & ClassDecorator {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) {
    const status = statusOf(code);
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return applyDecorators(
    ...[...byStatus].map(([status, group]) =>
      ApiResponse({ status, type: ErrorDto, description: `Error codes: ${group.join(', ')}` }),
    ),
  );
}
