import { PGlite } from '@electric-sql/pglite';
import knex, { type Knex } from 'knex';
import ClientPgLite from 'knex-pglite';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generateKeySpec } from '../../../src/platform/crypto/generate.ts';
import { createKeyring, loadKeyring, parseKeyring } from '../../../src/platform/crypto/keyring.ts';
import { reencryptAll, type EncryptedColumn } from '../../../src/platform/crypto/rotation.ts';

type Row = {
  id: number;
  org_id: string;
  kind: string;
  api_key: string | null;
  webhook_secret: string | null;
};

const OLD = generateKeySpec('k1');
const NEW = generateKeySpec('k2');
const oldRing = loadKeyring(OLD);
const newRing = loadKeyring(`${NEW},${OLD}`);
const aadFor = (field: string) => (row: Record<string, unknown>) => `${row.org_id}:integration:${row.kind}:${field}`;
const columns: EncryptedColumn[] = [
  { table: 'integrations', idColumn: 'id', column: 'api_key', aad: aadFor('api_key') },
  { table: 'integrations', idColumn: 'id', column: 'webhook_secret', aad: aadFor('webhook_secret') },
];
const ROWS = 120;

let pglite: PGlite;
let db: Knex;

const allRows = () => db<Row>('integrations').select('*').orderBy('id') as Promise<Row[]>;

beforeAll(async () => {
  pglite = new PGlite();
  db = knex({ client: ClientPgLite, dialect: 'postgres', connection: () => ({ pglite }) } as Knex.Config);
});

afterAll(async () => {
  await db.destroy();
  if (!pglite.closed) await pglite.close();
});

beforeEach(async () => {
  await db.schema.dropTableIfExists('integrations');
  await db.schema.createTable('integrations', (t) => {
    t.increments('id');
    t.text('org_id').notNullable();
    t.text('kind').notNullable();
    t.text('api_key');
    t.text('webhook_secret');
  });
  const rows = Array.from({ length: ROWS }, (_, i) => {
    const org_id = `org_${i % 7}`;
    const kind = i % 2 ? 'vapi' : 'twilio';
    const base = { org_id, kind };
    return {
      ...base,
      // Rows after 100 were written after the deploy, already under the new key.
      api_key: (i >= 100 ? newRing : oldRing).encrypt(`key-${i}`, aadFor('api_key')(base)),
      webhook_secret: i % 3 === 0 ? null : oldRing.encrypt(`whsec-${i}`, aadFor('webhook_secret')(base)),
    };
  });
  await db.batchInsert('integrations', rows, 50);
});

function expectAllReadable(rows: Row[]) {
  for (const [i, row] of rows.entries()) {
    expect(newRing.decrypt(row.api_key!, aadFor('api_key')(row))).toBe(`key-${i}`);
    if (i % 3 === 0) expect(row.webhook_secret).toBeNull();
    else expect(newRing.decrypt(row.webhook_secret!, aadFor('webhook_secret')(row))).toBe(`whsec-${i}`);
  }
}

describe('reencryptAll', () => {
  it('moves every encrypted value to the active key and keeps it readable', async () => {
    const before = await allRows();
    const report = await reencryptAll({ keyring: newRing, columns, db, batchSize: 25 });

    expect(report).toEqual([
      { table: 'integrations', column: 'api_key', reencrypted: 100, conflicts: 0, failures: [] },
      { table: 'integrations', column: 'webhook_secret', reencrypted: 80, conflicts: 0, failures: [] },
    ]);
    const after = await allRows();
    for (const row of after) {
      expect(newRing.needsRotation(row.api_key!)).toBe(false);
      if (row.webhook_secret !== null) expect(row.webhook_secret.startsWith('v1.k2.')).toBe(true);
    }
    // Values already under the active key are left byte-for-byte alone.
    expect(after.slice(100).map((r) => r.api_key)).toEqual(before.slice(100).map((r) => r.api_key));
    expectAllReadable(after);
    // The old key alone can no longer read anything.
    expect(() => oldRing.decrypt(after[0]!.api_key!, aadFor('api_key')(after[0]!))).toThrow(/k2/);
  });

  it('is idempotent: a second run changes nothing', async () => {
    await reencryptAll({ keyring: newRing, columns, db, batchSize: 25 });
    const once = await allRows();
    const report = await reencryptAll({ keyring: newRing, columns, db, batchSize: 25 });
    expect(report.map((r) => r.reencrypted)).toEqual([0, 0]);
    expect(await allRows()).toEqual(once);
  });

  it('resumes after being interrupted part way', async () => {
    let calls = 0;
    const crashing = columns.map((c) => ({
      ...c,
      aad: (row: Record<string, unknown>) => {
        if (++calls === 60) throw new Error('process killed');
        return c.aad(row);
      },
    }));
    await expect(reencryptAll({ keyring: newRing, columns: crashing, db, batchSize: 25 })).rejects.toThrow('process killed');
    const partial = await allRows();
    expect(partial.filter((r) => newRing.needsRotation(r.api_key!))).toHaveLength(100 - 59);

    const report = await reencryptAll({ keyring: newRing, columns, db, batchSize: 25 });
    expect(report.map((r) => r.reencrypted)).toEqual([41, 80]);
    expectAllReadable(await allRows());
  });

  it('keeps a value the application rewrote while the rotation was running', async () => {
    const first = (await allRows())[0]!;
    const appValue = newRing.encrypt('rotated-by-app', aadFor('api_key')(first));
    let raced = false;
    // Lands the application's write between the rotation's read of row 1 and its write.
    const racing = ((table: string) => {
      const qb = db(table);
      const update = qb.update.bind(qb) as (...args: unknown[]) => unknown;
      Object.assign(qb, {
        update: async (...args: unknown[]) => {
          if (!raced) {
            raced = true;
            await db('integrations').where({ id: first.id }).update({ api_key: appValue });
          }
          return update(...args);
        },
      });
      return qb;
    }) as unknown as Knex;

    const [apiKeys] = await reencryptAll({ keyring: newRing, columns: columns.slice(0, 1), db: racing, batchSize: 25 });
    expect(apiKeys).toMatchObject({ reencrypted: 99, conflicts: 1, failures: [] });
    expect((await allRows())[0]!.api_key).toBe(appValue);
  });

  it('reports rows it cannot decrypt, leaves them untouched and still finishes', async () => {
    const stray = createKeyring({ keys: [{ id: 'k0', key: parseKeyring(generateKeySpec('k0')).keys[0]!.key }], activeKeyId: 'k0' });
    const target = (await allRows())[5]!;
    const foreign = stray.encrypt('lost', aadFor('api_key')(target));
    await db('integrations').where({ id: target.id }).update({ api_key: foreign });
    const tampered = (await allRows())[7]!;
    const parts = tampered.api_key!.split('.');
    const ct = Buffer.from(parts[4]!, 'base64url');
    ct[0]! ^= 1;
    const broken = [...parts.slice(0, 4), ct.toString('base64url')].join('.');
    await db('integrations').where({ id: tampered.id }).update({ api_key: broken });

    const [apiKeys] = await reencryptAll({ keyring: newRing, columns, db, batchSize: 4 });
    expect(apiKeys!.reencrypted).toBe(98);
    expect(apiKeys!.failures).toEqual([
      { id: target.id, code: 'unknown_key', message: expect.stringContaining('k0') },
      { id: tampered.id, code: 'decrypt_failed', message: expect.any(String) },
    ]);
    const rows = await allRows();
    expect(rows[5]!.api_key).toBe(foreign);
    expect(rows[7]!.api_key).toBe(broken);
  });

  it('pages a composite key (the same key in many orgs) without skipping rows, past rows it cannot decrypt', async () => {
    // Like idempotency_keys: client-chosen keys repeat across orgs, so only (org_id, key) identifies a row.
    await db.schema.dropTableIfExists('replays');
    await db.schema.createTable('replays', (t) => {
      t.text('org_id').notNullable();
      t.text('key').notNullable();
      t.text('body_enc');
      t.primary(['org_id', 'key']);
    });
    const aad = (row: Record<string, unknown>) => `${row.org_id}:idempotency:${row.key}`;
    const rows = [];
    for (let o = 0; o < 9; o++) for (const key of ['retry-1', 'retry-2', 'retry-3']) rows.push({ org_id: `org_${o}`, key, body_enc: oldRing.encrypt(`${o}/${key}`, aad({ org_id: `org_${o}`, key })) });
    await db.batchInsert('replays', rows, 50);
    // One row that cannot be decrypted (bound to another row), in the middle of a page.
    await db('replays').where({ org_id: 'org_4', key: 'retry-2' }).update({ body_enc: oldRing.encrypt('moved', aad({ org_id: 'org_0', key: 'retry-1' })) });

    const [report] = await reencryptAll({ keyring: newRing, columns: [{ table: 'replays', idColumn: ['org_id', 'key'], column: 'body_enc', aad }], db, batchSize: 2 });
    expect(report).toMatchObject({ reencrypted: 26, conflicts: 0, failures: [{ id: ['org_4', 'retry-2'], code: 'decrypt_failed' }] });
    const after: { org_id: string; key: string; body_enc: string }[] = await db('replays').select('*');
    for (const r of after.filter((x) => !(x.org_id === 'org_4' && x.key === 'retry-2'))) {
      expect(r.body_enc).toMatch(/^v1\.k2\./);
      expect(newRing.decrypt(r.body_enc, aad(r))).toBe(`${r.org_id.slice(4)}/${r.key}`);
    }
  });
});
