/**
 * Synthesized previews, per org, keyed by sha256(connector, voice, text).
 *
 * A table rather than an in-memory LRU: API processes are stateless and scale out behind a load balancer,
 * so a per-process cache would miss on every other process and vanish on each deploy, and each miss is a
 * paid vendor call. It is a tenant table because the audio comes from the org's own vendor account (and
 * may be a voice only that org may use). Rows older than 30 days are pruned as new ones are written.
 */
import type { Knex } from 'knex';
import { inScope } from '../../platform/db/tenancy.ts';
import { sha256Hex } from '../../platform/crypto/hash.ts';

const MAX_AGE_DAYS = 30;

export interface CachedAudio {
  audio: Buffer;
  contentType: string;
}

export const previewKey = (connector: string, voiceId: string, text: string) => sha256Hex(`${connector}\n${voiceId}\n${text}`);

export async function readPreview(knex: Knex, orgId: string, key: string): Promise<CachedAudio | undefined> {
  const row: { audio: Uint8Array; content_type: string } | undefined = await inScope(knex, { orgId }, (tx) =>
    tx('voice_preview_cache').where({ cache_key: key }).first('audio', 'content_type'),
  );
  // pg gives a Buffer, PGlite a Uint8Array.
  return row && { audio: Buffer.from(row.audio), contentType: row.content_type };
}

export async function writePreview(knex: Knex, orgId: string, entry: { key: string; connector: string; voiceId: string } & CachedAudio): Promise<void> {
  await inScope(knex, { orgId }, async (tx) => {
    await tx('voice_preview_cache')
      .insert({ org_id: orgId, cache_key: entry.key, connector: entry.connector, voice_id: entry.voiceId, content_type: entry.contentType, audio: entry.audio })
      .onConflict(['org_id', 'cache_key'])
      .ignore();
    await tx('voice_preview_cache').where('created_at', '<', tx.raw(`now() - make_interval(days => ?)`, [MAX_AGE_DAYS])).delete();
  });
}
