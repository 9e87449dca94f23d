import { Router } from 'express';
import type { Deps } from '../../platform/deps.ts';
import { actorOf } from '../../platform/http/context.ts';
import type { BodyOf, QueryOf } from '../../platform/http/types.ts';
import * as contacts from './service.ts';

export function contactRoutes(deps: Deps, calls: { recentCallsOf: contacts.RecentCallsOf }): Router {
  const r = Router();
  r.get('/v1/contacts', async (req, res) => {
    res.json(await contacts.listContacts(deps, actorOf(req), req.query as QueryOf<'listContacts'>));
  });
  r.post('/v1/contacts', async (req, res) => {
    res.status(201).json(await contacts.createContact(deps, actorOf(req), req.body as BodyOf<'createContact'>));
  });
  r.get('/v1/contacts/:contact_id', async (req, res) => {
    res.json(await contacts.getContact(deps, actorOf(req), req.params.contact_id!, calls.recentCallsOf));
  });
  r.patch('/v1/contacts/:contact_id', async (req, res) => {
    res.json(await contacts.updateContact(deps, actorOf(req), req.params.contact_id!, req.body as BodyOf<'updateContact'>));
  });
  return r;
}
