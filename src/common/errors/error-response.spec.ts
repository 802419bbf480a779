import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  GoneException,
  HttpException,
  InternalServerErrorException,
  MethodNotAllowedException,
  NotAcceptableException,
  NotFoundException,
  PayloadTooLargeException,
  ServiceUnavailableException,
  UnauthorizedException,
  UnprocessableEntityException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { AppError } from './app-error';
import { ERROR_STATUS, ErrorCode, statusOf } from './error-codes';
import { isDatabaseUnavailable, toErrorBody } from './error-response';

const ERROR_CODES = Object.keys(ERROR_STATUS) as ErrorCode[];

describe('ERROR_STATUS', () => {
  it.each(ERROR_CODES)('%s maps to an HTTP error status', (code) => {
    expect(ERROR_STATUS[code]).toBeGreaterThanOrEqual(400);
    expect(ERROR_STATUS[code]).toBeLessThanOrEqual(599);
    expect(statusOf(code)).toBe(ERROR_STATUS[code]);
  });

  it.each<[ErrorCode, number]>([
    ['VALIDATION_FAILED', 400],
    ['INVALID_CURSOR', 400],
    ['UNAUTHENTICATED', 401],
    ['NOT_FOUND', 404],
    ['ROUTE_NOT_FOUND', 404],
    ['PAYLOAD_TOO_LARGE', 413],
    ['INTERNAL_ERROR', 500],
    ['DATABASE_UNAVAILABLE', 503],
  ])('%s -> %d', (code, status) => {
    expect(ERROR_STATUS[code]).toBe(status);
  });
});

describe('toErrorBody', () => {
  describe('AppError', () => {
    it.each(ERROR_CODES)('%s takes its status from ERROR_STATUS', (code) => {
      const { body } = toErrorBody(new AppError(code, 'something about the request'));
      expect(body.statusCode).toBe(ERROR_STATUS[code]);
      expect(body.code).toBe(code);
      expect(body.message).toBe('something about the request');
      expect(body.error).not.toBe('Error');
    });

    it('keeps details and is not unexpected', () => {
      const details = [{ field: 'budget.min', messages: ['min must not be less than 0'] }];
      expect(
        toErrorBody(new AppError('VALIDATION_FAILED', 'The request is not valid', details)),
      ).toEqual({
        body: {
          statusCode: 400,
          error: 'Bad Request',
          code: 'VALIDATION_FAILED',
          message: 'The request is not valid',
          details,
        },
        unexpected: false,
      });
    });

    it('omits details when there are none', () => {
      const { body } = toErrorBody(new AppError('NOT_FOUND', 'No such candidate'));
      expect(body).not.toHaveProperty('details');
      expect(body).toEqual({
        statusCode: 404,
        error: 'Not Found',
        code: 'NOT_FOUND',
        message: 'No such candidate',
      });
    });
  });

  describe('Nest HttpExceptions', () => {
    it.each<[string, HttpException, number, ErrorCode, string, string]>([
      [
        'an unknown route',
        new NotFoundException('Cannot GET /x'),
        404,
        'ROUTE_NOT_FOUND',
        'Not Found',
        'Cannot GET /x',
      ],
      [
        'an unknown route with another method',
        new NotFoundException('Cannot DELETE /api/things/1'),
        404,
        'ROUTE_NOT_FOUND',
        'Not Found',
        'Cannot DELETE /api/things/1',
      ],
      [
        'a plain NotFoundException',
        new NotFoundException(),
        404,
        'NOT_FOUND',
        'Not Found',
        'Not Found',
      ],
      [
        'a NotFoundException with a message',
        new NotFoundException('No such offer'),
        404,
        'NOT_FOUND',
        'Not Found',
        'No such offer',
      ],
      [
        'a BadRequestException',
        new BadRequestException('bad'),
        400,
        'MALFORMED_REQUEST',
        'Bad Request',
        'bad',
      ],
      [
        'an UnauthorizedException',
        new UnauthorizedException(),
        401,
        'UNAUTHENTICATED',
        'Unauthorized',
        'Unauthorized',
      ],
      [
        'a ForbiddenException',
        new ForbiddenException(),
        403,
        'FORBIDDEN',
        'Forbidden',
        'Forbidden',
      ],
      [
        'a MethodNotAllowedException',
        new MethodNotAllowedException(),
        405,
        'METHOD_NOT_ALLOWED',
        'Method Not Allowed',
        'Method Not Allowed',
      ],
      ['a ConflictException', new ConflictException('taken'), 409, 'CONFLICT', 'Conflict', 'taken'],
      [
        'a PayloadTooLargeException',
        new PayloadTooLargeException(),
        413,
        'PAYLOAD_TOO_LARGE',
        'Payload Too Large',
        'Payload Too Large',
      ],
      [
        'an UnsupportedMediaTypeException',
        new UnsupportedMediaTypeException(),
        415,
        'UNSUPPORTED_MEDIA_TYPE',
        'Unsupported Media Type',
        'Unsupported Media Type',
      ],
      [
        'a string-bodied HttpException',
        new HttpException('slow down', 429),
        429,
        'TOO_MANY_REQUESTS',
        'Too Many Requests',
        'slow down',
      ],
    ])('%s -> %d %s', (_name, exception, status, code, error, message) => {
      expect(toErrorBody(exception)).toEqual({
        body: { statusCode: status, error, code, message },
        unexpected: false,
      });
    });

    it.each<[HttpException, number, ErrorCode]>([
      [new UnprocessableEntityException('bad'), 422, 'MALFORMED_REQUEST'],
      [new GoneException('gone'), 410, 'MALFORMED_REQUEST'],
      [new NotAcceptableException('no'), 406, 'MALFORMED_REQUEST'],
      [new HttpException('teapot', 418), 418, 'MALFORMED_REQUEST'],
    ])('keeps any other 4xx HttpException a client error (%#)', (exception, status, code) => {
      const result = toErrorBody(exception);
      expect(result.unexpected).toBe(false);
      expect(result.body).toMatchObject({ statusCode: status, code });
    });

    it('reports a 503 HttpException as SERVICE_UNAVAILABLE without its message', () => {
      const result = toErrorBody(new ServiceUnavailableException('redis at 10.0.0.5 down'));
      expect(result.body).toEqual({
        statusCode: 503,
        error: 'Service Unavailable',
        code: 'SERVICE_UNAVAILABLE',
        message: 'The service is temporarily unavailable',
      });
    });

    it('hides the message of a 5xx HttpException behind a generic 500', () => {
      const result = toErrorBody(
        new InternalServerErrorException('pool exhausted at db.internal:5432'),
      );
      expect(result).toEqual({
        body: {
          statusCode: 500,
          error: 'Internal Server Error',
          code: 'INTERNAL_ERROR',
          message: 'Internal server error',
        },
        unexpected: true,
      });
    });
  });

  describe('framework errors carrying a statusCode', () => {
    it.each<[number, string, ErrorCode, string]>([
      [
        415,
        'Unsupported Media Type: text/plain',
        'UNSUPPORTED_MEDIA_TYPE',
        'Unsupported Media Type',
      ],
      [413, 'Request body is too large', 'PAYLOAD_TOO_LARGE', 'Payload Too Large'],
      [400, 'Body is not valid JSON', 'MALFORMED_REQUEST', 'Bad Request'],
      [422, 'Unprocessable', 'MALFORMED_REQUEST', 'Unprocessable Entity'],
    ])('statusCode %d -> %s', (statusCode, message, code, error) => {
      const thrown = Object.assign(new Error(message), { statusCode, code: 'FST_ERR_SOMETHING' });
      expect(toErrorBody(thrown)).toEqual({
        body: { statusCode, error, code, message },
        unexpected: false,
      });
    });

    it('uses a generic message when the framework error has none', () => {
      expect(toErrorBody({ statusCode: 400 }).body.message).toBe('Bad request');
    });

    it('treats a framework 5xx as an internal error', () => {
      const { body, unexpected } = toErrorBody({ statusCode: 500, message: 'plugin crashed' });
      expect(body).toMatchObject({
        statusCode: 500,
        code: 'INTERNAL_ERROR',
        message: 'Internal server error',
      });
      expect(unexpected).toBe(true);
    });
  });

  describe('database outages -> 503 DATABASE_UNAVAILABLE', () => {
    it.each<[string, unknown]>([
      ['a pg connection refusal', { code: 'ECONNREFUSED' }],
      [
        'a pg connection reset',
        Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }),
      ],
      ['a TypeORM error wrapping admin shutdown', { driverError: { code: '57P01' } }],
      [
        'a TypeORM error wrapping a connection failure',
        { message: 'Query failed', driverError: { code: '08006' } },
      ],
      [
        'an error whose cause is a DNS failure',
        new Error('query failed', { cause: { code: 'ENOTFOUND' } }),
      ],
      ['a terminated connection', new Error('Connection terminated unexpectedly')],
      ['a pool timeout', new Error('timeout exceeded when trying to connect')],
    ])('%s', (_name, error) => {
      expect(isDatabaseUnavailable(error)).toBe(true);
      expect(toErrorBody(error)).toEqual({
        body: {
          statusCode: 503,
          error: 'Service Unavailable',
          code: 'DATABASE_UNAVAILABLE',
          message: 'The database is unavailable; try again shortly',
        },
        unexpected: true,
      });
    });

    it.each<[string, unknown]>([
      ['a unique violation', { code: '23505', message: 'duplicate key value' }],
      ['a syntax error', { driverError: { code: '42601' } }],
      ['null', null],
    ])('not for %s', (_name, error) => {
      expect(isDatabaseUnavailable(error)).toBe(false);
    });
  });

  describe('deadlocks and serialisation failures -> 409 CONFLICT, safe to retry', () => {
    it.each<[string, unknown]>([
      [
        'a TypeORM error wrapping a deadlock',
        { message: 'secret', driverError: { code: '40P01' } },
      ],
      ['a pg serialisation failure', { code: '40001', message: 'secret' }],
    ])('%s', (_name, error) => {
      expect(toErrorBody(error)).toEqual({
        body: {
          statusCode: 409,
          error: 'Conflict',
          code: 'CONFLICT',
          message:
            'The request collided with a concurrent change and nothing was saved; send it again',
        },
        unexpected: false,
      });
    });
  });

  describe('anything else -> 500 INTERNAL_ERROR without internals', () => {
    it.each<[string, unknown]>([
      ['a plain Error', new Error('secret')],
      ['a TypeError', new TypeError('secret is not a function')],
      ['a thrown string', 'secret'],
      ['undefined', undefined],
      ['null', null],
      ['a pg query error', { code: '23505', message: 'secret duplicate key' }],
    ])('%s', (_name, error) => {
      const { body, unexpected } = toErrorBody(error);
      expect(body).toEqual({
        statusCode: 500,
        error: 'Internal Server Error',
        code: 'INTERNAL_ERROR',
        message: 'Internal server error',
      });
      expect(JSON.stringify(body)).not.toContain('secret');
      expect(unexpected).toBe(true);
    });
  });
});
