import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { JsonLogger } from '../logging/json-logger';
import { AppError } from './app-error';
import { toErrorBody } from './error-response';

/** The single place any error becomes an HTTP response. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  constructor(private readonly logger: JsonLogger) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const { body, unexpected } = toErrorBody(error);
    body.requestId = request.id;
    if (unexpected) {
      this.logger.event('error', 'request failed', {
        requestId: request.id,
        code: body.code,
        error: error instanceof Error ? error.message : String(error),
        stack: error instanceof Error ? error.stack : undefined,
      });
    }
    if (error instanceof AppError && error.headers) void reply.headers(error.headers);
    void reply.status(body.statusCode).header('cache-control', 'no-store').send(body);
  }
}
