import { Router } from 'express';
import type { Deps } from '../../platform/deps.ts';
import { actorOf } from '../../platform/http/context.ts';
import type { BodyOf, QueryOf } from '../../platform/http/types.ts';
import { setSessionCookies } from '../auth/index.ts';
import * as members from './service.ts';

export function memberRoutes(deps: Deps): Router {
  const r = Router();
  r.get('/v1/members', async (req, res) => {
    res.json(await members.listMembers(deps, actorOf(req), req.query as QueryOf<'listMembers'>));
  });
  r.patch('/v1/members/:member_id', async (req, res) => {
    const { role } = req.body as BodyOf<'updateMember'>;
    res.json(await members.updateMemberRole(deps, actorOf(req), req.params.member_id!, role));
  });
  r.delete('/v1/members/:member_id', async (req, res) => {
    await members.removeMember(deps, actorOf(req), req.params.member_id!);
    res.status(204).end();
  });
  r.get('/v1/invites', async (req, res) => {
    res.json(await members.listInvites(deps, actorOf(req), req.query as QueryOf<'listInvites'>));
  });
  r.post('/v1/invites/accept', async (req, res) => {
    const p = req.ctx.principal;
    const session = p?.type === 'session' ? { userId: p.userId } : null;
    const origin = { ip: req.ctx.ip, userAgent: req.ctx.userAgent, requestId: req.ctx.requestId };
    const { token, body } = await members.acceptInvite(deps, req.body as BodyOf<'acceptInvite'>, session, origin);
    setSessionCookies(deps, res, token, body.csrf_token);
    res.status(200).json(body);
  });
  r.post('/v1/invites', async (req, res) => {
    res.status(201).json(await members.createInvite(deps, actorOf(req), req.body as BodyOf<'createInvite'>));
  });
  r.delete('/v1/invites/:invite_id', async (req, res) => {
    await members.revokeInvite(deps, actorOf(req), req.params.invite_id!);
    res.status(204).end();
  });
  return r;
}
