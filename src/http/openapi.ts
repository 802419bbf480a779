import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
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
