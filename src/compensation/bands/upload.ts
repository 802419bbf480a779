import type { FastifyRequest } from 'fastify';
import { AppError } from '../../common/errors/app-error';

/** Largest band file accepted: thousands of rows fit in far less. */
export const BAND_FILE_LIMIT_BYTES = 2 * 1024 * 1024;

/** The bytes of the one file field named "file" of a multipart/form-data request. */
export async function readUploadedFile(request: FastifyRequest): Promise<Buffer> {
  if (!request.isMultipart())
    throw new AppError(
      'SALARY_BAND_FILE_INVALID',
      'Send the CSV as multipart/form-data with one file field named "file"',
    );
  try {
    const part = await request.file({ limits: { fileSize: BAND_FILE_LIMIT_BYTES } });
    if (!part || part.fieldname !== 'file') {
      part?.file.resume();
      throw new AppError('SALARY_BAND_FILE_INVALID', 'The form has no file field named "file"');
    }
    return await part.toBuffer();
  } catch (error) {
    if (error instanceof AppError) throw error;
    const status = (error as { statusCode?: unknown }).statusCode;
    if (status === 413)
      throw new AppError(
        'PAYLOAD_TOO_LARGE',
        `The file is larger than ${BAND_FILE_LIMIT_BYTES} bytes`,
      );
    if (typeof status === 'number' && status < 500)
      throw new AppError('SALARY_BAND_FILE_INVALID', 'The multipart body is not valid');
    throw error;
  }
}
