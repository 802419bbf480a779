import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { AppModule, AppModuleOptions } from '../app.module';
import { AppError } from '../common/errors/app-error';
import { AllExceptionsFilter } from '../common/errors/all-exceptions.filter';
import { repositoryPath } from '../common/repository-path';
import { MULTIPART_LIMITS } from '../intake/intake-settings';
import { createValidationPipe } from '../common/validation/validation.pipe';
import { cspHeader, DOCS_CSP, STRICT_CSP } from './security-headers';
import { DOCS_PATH, setupOpenApi } from './openapi';
import { RequestContextInterceptor } from './request-context.interceptor';

const INCOMING_ID = /^[A-Za-z0-9._:-]{8,64}$/;

/** A caller's X-Request-Id is kept when it is well-formed, so traces join up across services. */
export function requestIdFor(request: IncomingMessage): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && INCOMING_ID.test(given) ? given : randomUUID();
}

/** Builds the whole HTTP application; main.ts and the e2e tests use exactly this. */
export async function createApp(options: AppModuleOptions): Promise<NestFastifyApplication> {
  const { config, logger } = options;
  const adapter = new FastifyAdapter({
    bodyLimit: config.bodyLimit,
    trustProxy: config.trustProxy,
    genReqId: requestIdFor,
    logger: false,
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.register(options),
    adapter,
    {
      logger,
      // Sift registers its own JSON parser below, so malformed bodies get a MALFORMED_JSON code.
      bodyParser: false,
      bufferLogs: false,
      abortOnError: false,
    },
  );

  await app.register(cookie);
  // File uploads (CSV intake) are streamed, with their own size limit, not SIFT_BODY_LIMIT.
  await app.register(multipart, { limits: MULTIPART_LIMITS });
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: STRICT_CSP },
    crossOriginEmbedderPolicy: false,
    frameguard: { action: 'deny' },
    hsts: config.publicUrl.startsWith('https:') ? undefined : false,
  });
  // The candidate pages' script, styles and icon: files, because the CSP allows nothing inline.
  await app.register(fastifyStatic, {
    root: repositoryPath('public'),
    prefix: '/assets/',
    decorateReply: false,
    index: false,
  });

  const fastify = app.getHttpAdapter().getInstance();
  // Fastify's own JSON parser (which also rejects __proto__ poisoning), with failures reported as
  // MALFORMED_JSON: Nest would otherwise turn them into a generic HttpException without a code.
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (body === '') {
      done(
        new AppError('MALFORMED_JSON', 'The body is empty but content-type is application/json'),
      );
      return;
    }
    void parseJson(request, body as string, (error, value) =>
      error
        ? done(new AppError('MALFORMED_JSON', 'The request body is not valid JSON'))
        : done(null, value),
    );
  });
  // HTML forms (the candidate's start page) post urlencoded bodies; fromEntries makes own properties only.
  fastify.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))),
  );
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    done();
  });
  fastify.addHook('onSend', (request, reply, payload, done) => {
    if (request.url.startsWith(`/${DOCS_PATH}`)) {
      void reply.header('content-security-policy', cspHeader(DOCS_CSP));
    }
    done(null, payload);
  });
  // The route template, not the URL: paths and query strings can carry tokens and personal data.
  fastify.addHook('onResponse', (request, reply, done) => {
    logger.event('info', 'request', {
      requestId: request.id,
      method: request.method,
      route: request.routeOptions.url ?? '(unmatched)',
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime),
    });
    done();
  });

  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter(logger));
  app.useGlobalInterceptors(new RequestContextInterceptor());
  setupOpenApi(app);
  return app;
}
