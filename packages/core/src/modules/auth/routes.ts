import { Router, type Response } from 'express';
import type { Deps } from '../../platform/deps.ts';
import { sessionOf } from '../../platform/http/context.ts';
import type { BodyOf, QueryOf } from '../../platform/http/types.ts';
import * as auth from './service.ts';
import { listSessions } from './sessions.ts';
import { startSignup, verifySignup } from './signup.ts';
import { CSRF_COOKIE, SESSION_COOKIE } from './middleware.ts';

function setSessionCookies(deps: Deps, res: Response, token: string, csrf: string) {
  const base = { secure: deps.config.session.secureCookie, sameSite: 'lax' as const, path: '/', maxAge: deps.config.session.ttlHours * 3600_000 };
  res.cookie(SESSION_COOKIE, token, { ...base, httpOnly: true });
  // Readable on purpose: the portal echoes it in X-CSRF-Token, which a cross-site page cannot do.
  res.cookie(CSRF_COOKIE, csrf, { ...base, httpOnly: false });
}

function clearSessionCookies(res: Response) {
  res.clearCookie(SESSION_COOKIE, { path: '/' });
  res.clearCookie(CSRF_COOKIE, { path: '/' });
}

export function authRoutes(deps: Deps): Router {
  const r = Router();
  const origin = (req: Parameters<Parameters<typeof r.post>[1]>[0]) => ({ ip: req.ctx.ip, userAgent: req.ctx.userAgent, requestId: req.ctx.requestId });

  r.post('/v1/signup', async (req, res) => {
    res.status(202).json(await startSignup(deps, req.body as BodyOf<'signup'>, origin(req)));
  });

  r.post('/v1/signup/verify', async (req, res) => {
    const { token, body } = await verifySignup(deps, (req.body as BodyOf<'verifySignup'>).token, origin(req));
    setSessionCookies(deps, res, token, body.csrf_token);
    res.status(201).json(body);
  });

  r.post('/v1/auth/login', async (req, res) => {
    const { token, body } = await auth.login(deps, req.body as BodyOf<'login'>, origin(req));
    setSessionCookies(deps, res, token, body.csrf_token);
    res.status(200).json(body);
  });

  r.post('/v1/auth/logout', async (req, res) => {
    const s = sessionOf(req);
    await auth.logout(deps, s.userId, s.sessionId, origin(req));
    clearSessionCookies(res);
    res.status(204).end();
  });

  r.get('/v1/me', async (req, res) => {
    const s = sessionOf(req);
    res.json(await auth.me(deps, s.userId, s.sessionId));
  });

  r.post('/v1/auth/mfa/enroll', async (req, res) => {
    res.json(await auth.enrollMfa(deps, sessionOf(req).userId));
  });

  r.post('/v1/auth/mfa/verify', async (req, res) => {
    const { code } = req.body as BodyOf<'verifyMfa'>;
    res.json(await auth.verifyMfa(deps, sessionOf(req).userId, code, origin(req)));
  });

  r.post('/v1/auth/mfa/disable', async (req, res) => {
    const { code } = req.body as BodyOf<'disableMfa'>;
    await auth.disableMfa(deps, sessionOf(req).userId, code, origin(req));
    res.status(204).end();
  });

  r.get('/v1/auth/sessions', async (req, res) => {
    const s = sessionOf(req);
    res.json(await listSessions(deps.knex, s.userId, s.sessionId, req.query as QueryOf<'listSessions'>));
  });

  r.delete('/v1/auth/sessions/:session_id', async (req, res) => {
    const s = sessionOf(req);
    await auth.revokeSession(deps, s.userId, req.params.session_id!, s.sessionId, origin(req));
    if (req.params.session_id === s.sessionId) clearSessionCookies(res);
    res.status(204).end();
  });

  return r;
}

export { setSessionCookies };
