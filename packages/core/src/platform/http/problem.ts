import type { ErrorRequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { ApiError, problemBody } from '../errors.ts';

export function sendProblem(res: Response, status: number, code: string, detail: string, extra: Record<string, unknown> = {}) {
  const requestId = res.req.ctx?.requestId;
  res.status(status).type('application/problem+json').send(JSON.stringify(problemBody(status, code, detail, requestId, extra)));
}

interface ValidatorError {
  status: number;
  message: string;
  errors?: { path: string; message: string; errorCode?: string }[];
}

function isValidatorError(err: unknown): err is ValidatorError {
  return typeof err === 'object' && err !== null && 'status' in err && Array.isArray((err as ValidatorError).errors);
}

const VALIDATOR_CODES: Record<number, string> = {
  400: 'validation_failed',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
};

/** The single place where a thrown error becomes an HTTP answer; internals never reach the client. */
export function problemHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    if (err instanceof ApiError) {
      for (const [k, v] of Object.entries(err.headers)) res.setHeader(k, v);
      return sendProblem(res, err.status, err.code, err.message, err.extra);
    }
    const type = (err as { type?: string }).type;
    if (type === 'entity.parse.failed') return sendProblem(res, 400, 'malformed_json', 'The request body is not valid JSON.');
    if (type === 'entity.too.large') return sendProblem(res, 413, 'payload_too_large', 'The request body is too large.');
    if (type === 'encoding.unsupported' || type === 'charset.unsupported')
      return sendProblem(res, 415, 'unsupported_media_type', 'Unsupported body encoding.');
    if (isValidatorError(err) && err.status < 500) {
      const code = VALIDATOR_CODES[err.status] ?? 'invalid_request';
      const errors = (err.errors ?? []).map((e) => ({ path: e.path, message: e.message }));
      const detail = err.status === 404 ? 'No such endpoint.' : err.status === 405 ? 'Method not allowed.' : 'The request is invalid.';
      return sendProblem(res, err.status, code, detail, errors.length && err.status === 400 ? { errors } : {});
    }
    if (isValidatorError(err) && err.status === 500) {
      // A response that breaks the contract is our bug; log what broke, never the body.
      logger.error({ requestId: req.ctx?.requestId, errors: err.errors }, 'response failed OpenAPI validation');
      return sendProblem(res, 500, 'response_validation_failed', 'The server produced an invalid response.');
    }
    logger.error({ requestId: req.ctx?.requestId, err: { message: (err as Error)?.message, stack: (err as Error)?.stack } }, 'unhandled error');
    return sendProblem(res, 500, 'internal_error', 'Something went wrong on our side.');
  };
}
