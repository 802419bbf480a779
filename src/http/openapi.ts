import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { BEARER_SCHEME, SESSION_COOKIE_SCHEME } from '../auth/access.decorators';
import { ATTEMPT_COOKIE_SCHEME } from '../attempts/attempt-access';
import { ErrorDto } from '../common/dto/error.dto';
import { version } from '../../package.json';

export const DOCS_PATH = 'api/docs';
export const DOCS_JSON_PATH = 'api/docs-json';

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Sift API')
    .setDescription(
      'Applicant screening for AI engineering roles. Money is `{ amount: <integer minor units>, currency }`; ' +
        'times are ISO 8601 UTC; lists take `?limit=&cursor=` and return `{ items, nextCursor }`; ' +
        'errors are `{ statusCode, error, code, message, details? }`.',
    )
    .setVersion(version)
    .addCookieAuth(
      'sift_session',
      {
        type: 'apiKey',
        in: 'cookie',
        description:
          'Session cookie set by POST /api/auth/login (named __Host-sift_session over HTTPS). State-changing requests must carry an Origin header of this site.',
      },
      SESSION_COOKIE_SCHEME,
    )
    .addCookieAuth(
      'sift_attempt',
      {
        type: 'apiKey',
        in: 'cookie',
        description:
          "The candidate's attempt cookie, set when an invitation link is redeemed (POST /invite/{token}); named __Host-sift_attempt over HTTPS and rotated at each redemption.",
      },
      ATTEMPT_COOKIE_SCHEME,
    )
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        description: 'Personal API token from POST /api/auth/tokens',
      },
      BEARER_SCHEME,
    )
    .build();
  return SwaggerModule.createDocument(app, config, { extraModels: [ErrorDto] });
}

export function setupOpenApi(app: INestApplication): void {
  const document = buildOpenApiDocument(app);
  SwaggerModule.setup(DOCS_PATH, app, document, {
    jsonDocumentUrl: DOCS_JSON_PATH,
    yamlDocumentUrl: 'api/docs-yaml',
    customSiteTitle: 'Sift API',
  });
}
