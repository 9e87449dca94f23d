import express, { type Express, type RequestHandler } from 'express';
import cookieParser from 'cookie-parser';
import cors from 'cors';
import helmet from 'helmet';
import type { Deps } from './platform/deps.ts';
import { requestContext } from './platform/http/request-id.ts';
import { problemHandler, sendProblem } from './platform/http/problem.ts';
import { idempotency } from './platform/http/idempotency.ts';
import { rejectNulText } from './platform/http/nul-guard.ts';
import { rateLimitGate, spendLimitOnError, spendLimitOnNotFound } from './platform/http/rate-limits.ts';
import { requestLog } from './platform/http/request-log.ts';
import { metricsRoute } from './platform/metrics/route.ts';
import { openApiValidator } from './platform/openapi/validator.ts';
import { authenticate } from './modules/auth/index.ts';
import { docsRoutes, opsRoutes } from './modules/ops/index.ts';
import { smsWebhookBodyParser } from './modules/sms/index.ts';
import { voiceWebhookRoutes } from './modules/calls/index.ts';
import { MODULES } from './app/modules.ts';

export interface AppExtras {
  /** Mounted after the API, e.g. the portal's static files. */
  staticHandler?: RequestHandler;
}

export function createApp(deps: Deps, extras: AppExtras = {}): Express {
  const { config, logger } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);

  app.use(requestContext());
  app.use(requestLog(logger, deps.metrics));
  // Before the portal's static files and outside /v1's limits; guarded by its own rules (see the file).
  app.use(metricsRoute(config, deps.metrics));
  // Vendor voice webhooks: signed raw bytes, before rate limits, body parsing, validation and auth (see the file).
  app.use(voiceWebhookRoutes(deps));
  const https = config.publicUrl.startsWith('https://');
  app.use(
    helmet({
      // Over plain http (local development) HSTS and upgrade-insecure-requests would break the portal.
      strictTransportSecurity: https,
      // media-src https: lets call recordings play from the voice vendor's storage (Vapi serves them over https).
      contentSecurityPolicy: { directives: { 'img-src': ["'self'", 'data:'], 'media-src': ["'self'", 'blob:', 'https:'], 'upgrade-insecure-requests': https ? [] : null } },
    }),
  );
  app.use(
    cors({
      origin: (origin, cb) => cb(null, !origin || config.corsOrigins.includes(origin)),
      credentials: true,
      exposedHeaders: ['X-Request-Id', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset', 'Retry-After', 'Idempotent-Replayed'],
    }),
  );
  app.use(docsRoutes());

  // Only a refusal of an IP already over its limit; the limits are spent in authenticate (see the file).
  app.use('/v1', rateLimitGate(deps));
  app.use(cookieParser());
  app.use(express.json({ limit: config.bodyLimitBytes, type: ['application/json', 'application/*+json'] }));
  // Vendor SMS webhooks are form-encoded (Twilio); parsed here so the validator and signature check see the fields.
  app.use('/v1/sms/webhooks', smsWebhookBodyParser(deps));
  app.use(rejectNulText());
  app.use(openApiValidator(config));
  app.use(opsRoutes(deps));
  // The portal's files and SPA routes need no auth; the handler passes anything under /v1/ on.
  if (extras.staticHandler) app.use(extras.staticHandler);
  app.use(authenticate(deps));
  app.use(idempotency(deps));
  // Each module's routes, in the order app/modules.ts lists them.
  for (const m of MODULES) for (const routes of m.routes ?? []) app.use(routes(deps));

  app.use(spendLimitOnNotFound(deps));
  app.use((req, res) => sendProblem(res, 404, 'not_found', `No route for ${req.method} ${req.path}.`));
  app.use(spendLimitOnError(deps));
  app.use(problemHandler(logger));
  return app;
}
