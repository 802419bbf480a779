import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiConsumes } from '@nestjs/swagger';

/** Documents a multipart upload of one CSV file in the `file` field, with its size limit. */
export function ApiCsvUpload(limitBytes: number): MethodDecorator {
  return applyDecorators(
    ApiConsumes('multipart/form-data'),
    ApiBody({
      schema: {
        type: 'object',
        required: ['file'],
        properties: {
          file: {
            type: 'string',
            format: 'binary',
            description: `The CSV file (UTF-8), at most ${limitBytes} bytes`,
          },
        },
      },
    }),
  );
}
