/**
 * GET /v1/dev/emails: what the local email connector "sent", so a developer (and the tests) can follow a
 * sign-up's verification link. Only in development and tests with the local connector; 404 otherwise, as if
 * the route did not exist.
 */
import { Router } from 'express';
import type { Deps } from '../../platform/deps.ts';
import { notFound } from '../../platform/errors.ts';
import type { QueryOf } from '../../platform/http/types.ts';
import { recentLocalEmails } from './repo.ts';

export function devMailRoutes(deps: Deps): Router {
  const r = Router();
  r.get('/v1/dev/emails', async (req, res) => {
    if (!deps.config.email.devMailbox) throw notFound();
    const { to } = req.query as QueryOf<'listDevEmails'>;
    const rows = await recentLocalEmails(deps.knex, to);
    res.json({
      data: rows.map((r) => ({ id: r.id, to: r.to_address, subject: r.subject, text: r.text_body, html: r.html_body, created_at: r.created_at.toISOString() })),
    });
  });
  return r;
}
