import { Transform } from 'node:stream';
import type { TransformCallback } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { FastifyRequest, RequestPayload } from 'fastify';
import { ApiError } from '../http/api-error.js';

/** Most bytes a report may take on the wire when gzipped. */
const MAX_COMPRESSED_BYTES = 1024 * 1024;
/** Most bytes a report may take as JSON, sent plain or once decompressed. */
export const MAX_REPORT_BYTES = 4 * 1024 * 1024;

function tooLarge(what: string, limit: number): ApiError {
  return new ApiError('E_BODY_TOO_LARGE', `${what} is larger than ${limit / 1024 / 1024} MiB`);
}

/**
 * Counts what passes and fails as soon as the count goes over the limit, so a small gzip
 * body that inflates to gigabytes (a "zip bomb") is stopped after the first 4 MiB instead
 * of being inflated to the end.
 */
class ByteLimit extends Transform {
  /** Read by Fastify: compare with Content-Length and the route's bodyLimit. */
  receivedEncodedLength = 0;
  #passed = 0;

  constructor(private readonly limit: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.#passed += chunk.length;
    if (this.#passed > this.limit) {
      done(tooLarge('the decompressed body', this.limit));
      return;
    }
    done(null, chunk);
  }
}

/**
 * The preParsing step of the reports route: plain JSON passes as it is (the route's bodyLimit
 * holds it to 4 MiB); `Content-Encoding: gzip` is inflated on the fly with a hard cap on both
 * sides (1 MiB in, 4 MiB out → 413 E_BODY_TOO_LARGE); any other encoding → 415.
 */
export function decodeReportBody(request: FastifyRequest, payload: RequestPayload): RequestPayload {
  const header = request.headers['content-encoding'];
  const encoding = (Array.isArray(header) ? header.join(',') : (header ?? 'identity'))
    .trim()
    .toLowerCase();
  if (encoding === 'identity' || encoding === '') return payload;
  if (encoding !== 'gzip' && encoding !== 'x-gzip') {
    throw new ApiError(
      'E_UNSUPPORTED_MEDIA_TYPE',
      `Content-Encoding ${JSON.stringify(encoding.slice(0, 40))} is not accepted; send gzip or nothing`,
    );
  }
  const declared = Number(request.headers['content-length']);
  if (declared > MAX_COMPRESSED_BYTES) throw tooLarge('the compressed body', MAX_COMPRESSED_BYTES);

  const gunzip = createGunzip();
  const limited = new ByteLimit(MAX_REPORT_BYTES);
  const fail = (error: Error): void => {
    payload.unpipe(gunzip);
    gunzip.destroy();
    limited.destroy(error);
  };
  payload.on('data', (chunk: Buffer) => {
    limited.receivedEncodedLength += chunk.length;
    if (limited.receivedEncodedLength > MAX_COMPRESSED_BYTES) {
      fail(tooLarge('the compressed body', MAX_COMPRESSED_BYTES));
    }
  });
  gunzip.on('error', () => fail(new ApiError('E_BAD_REQUEST', 'the body is not valid gzip')));
  limited.on('error', () => {
    payload.unpipe(gunzip);
    gunzip.destroy();
  });
  payload.pipe(gunzip).pipe(limited);
  return limited;
}
