/**
 * Key rotation on a real PostgreSQL database of its own (it re-seals whole tables, so it must not
 * share one with other test files): counts per key id, every value still opens, resumable, never
 * overwrites a value written meanwhile, reports values it cannot open; and the command itself.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from './client';
import { generateKeySpec, open, parseKeyring, seal, type Keyring } from './crypto';
import { dropDatabase, ensureDatabase } from './ensure-database';
import { countAllByKey, resealBatch, rotateKeys, SEALED_COLUMNS, selectPage } from './key-rotation';
import { migrateDeploy } from './migrate';

const pkgDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const baseUrl = process.env.DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/konnect_test';
const url = (() => {
  const u = new URL(baseUrl);
  u.pathname = `${u.pathname.slice(1)}_rot_${randomBytes(4).toString('hex')}`;
  return u.toString();
})();

const OLD = generateKeySpec('k1');
const NEW = generateKeySpec('k2');
const oldRing = parseKeyring(OLD);
const rotating = parseKeyring(`${NEW},${OLD}`);
const newOnly = parseKeyring(NEW);

let db: Db;
beforeAll(async () => {
  await ensureDatabase(url);
  await migrateDeploy(url);
  db = createDb(url, { max: 4 });
}, 120_000);
afterAll(async () => {
  await db?.$disconnect();
  await dropDatabase(url);
});

const connection = SEALED_COLUMNS.find((c) => c.table === 'Connection');
if (!connection) throw new Error('Connection.secret must be a sealed column');

/** Rows of every sealed table, sealed with `ring`: returns what each holds in clear. */
async function seedRows(ring: Keyring, n: number): Promise<{ workspaceId: string; secrets: Map<string, string> }> {
  const ws = await db.workspace.create({ data: { name: 'rotation', slug: `rot-${randomBytes(5).toString('hex')}` }, select: { id: true } });
  const secrets = new Map<string, string>();
  for (let i = 0; i < n; i++) {
    const value = JSON.stringify({ apiKey: `key-${i}-${randomBytes(6).toString('hex')}` });
    const sealed = seal(ring, value, ws.id);
    const row = await db.connection.create({ data: { workspaceId: ws.id, connectorKey: 'custify', name: `c${i}`, secret: sealed.envelope, keyVersion: sealed.keyId }, select: { id: true } });
    secrets.set(`Connection:${row.id}`, value);
  }
  const alerts = JSON.stringify({ slackWebhookUrl: 'https://hooks.slack.com/services/T/B/secret' });
  const a = seal(ring, alerts, `alerts:${ws.id}`);
  const setting = await db.alertSetting.create({ data: { workspaceId: ws.id, sealed: a.envelope, keyVersion: a.keyId }, select: { id: true } });
  secrets.set(`AlertSetting:${setting.id}`, alerts);
  await db.alertSetting.create({ data: { workspaceId: ws.id, konnectorId: 'no-secrets' } }); // sealed NULL: nothing to rotate
  const mailId = `mail-${randomBytes(6).toString('hex')}`;
  const mail = JSON.stringify({ to: ['a@example.test'], data: { link: 'https://app/accept?token=secret' } });
  const m = seal(ring, mail, `mail:${mailId}`);
  await db.mailMessage.create({ data: { id: mailId, workspaceId: ws.id, to: ['a@example.test'], template: 'invitation', subject: 'Join', payload: m.envelope, keyVersion: m.keyId } });
  secrets.set(`MailMessage:${mailId}`, mail);
  const user = await db.user.create({ data: { email: `rot-${randomBytes(5).toString('hex')}@example.test`, name: 'Rot', passwordHash: 'x' }, select: { id: true } });
  const totp = seal(ring, 'JBSWY3DPEHPK3PXP', user.id);
  await db.userTwoFactor.create({ data: { userId: user.id, secret: totp.envelope, keyVersion: totp.keyId } });
  secrets.set(`UserTwoFactor:${user.id}`, 'JBSWY3DPEHPK3PXP');
  return { workspaceId: ws.id, secrets };
}

/** Opens every seeded value with `ring` and the owner's associated data. */
async function readAll(ring: Keyring, ids: Map<string, string>): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const key of ids.keys()) {
    const [table, id = ''] = key.split(':');
    if (table === 'Connection') {
      const r = await db.connection.findUniqueOrThrow({ where: { id }, select: { secret: true, workspaceId: true } });
      out.set(key, open(ring, r.secret, r.workspaceId));
    } else if (table === 'AlertSetting') {
      const r = await db.alertSetting.findUniqueOrThrow({ where: { id }, select: { sealed: true, workspaceId: true } });
      out.set(key, open(ring, r.sealed ?? '', `alerts:${r.workspaceId}`));
    } else if (table === 'UserTwoFactor') {
      const r = await db.userTwoFactor.findUniqueOrThrow({ where: { userId: id }, select: { secret: true } });
      out.set(key, open(ring, r.secret, id));
    } else {
      const r = await db.mailMessage.findUniqueOrThrow({ where: { id }, select: { payload: true } });
      out.set(key, open(ring, r.payload, `mail:${id}`));
    }
  }
  return out;
}

describe('key rotation', () => {
  it('re-seals every sealed column under the new key: counts per key id before and after, every value still opens', async () => {
    const { secrets } = await seedRows(oldRing, 7);
    const before = await countAllByKey(db);
    expect(before['Connection.secret']?.k1).toBeGreaterThanOrEqual(7);
    expect(before['AlertSetting.sealed']?.k1).toBeGreaterThanOrEqual(1);
    expect(before['MailMessage.payload']?.k1).toBeGreaterThanOrEqual(1);
    expect(before['UserTwoFactor.secret']?.k1).toBeGreaterThanOrEqual(1);

    const results = await rotateKeys(db, rotating, { batchSize: 3 });
    expect(results.map((r) => r.column)).toEqual(['Connection.secret', 'AlertSetting.sealed', 'MailMessage.payload', 'UserTwoFactor.secret']);
    for (const r of results) expect(r.unreadable).toEqual([]);

    const after = await countAllByKey(db);
    for (const [column, byKey] of Object.entries(after)) expect(Object.keys(byKey), column).toEqual(['k2']);
    expect(after['Connection.secret']?.k2).toBe(before['Connection.secret']?.k1);
    // Opened with the new key alone (the old one could now be dropped): the same values.
    expect(await readAll(newOnly, secrets)).toEqual(secrets);
    const envelopes = await db.connection.findMany({ select: { secret: true } });
    for (const e of envelopes) expect(e.secret.split('.')[1]).toBe('k2');
    // Nothing left to do.
    expect((await rotateKeys(db, rotating)).reduce((s, r) => s + r.resealed, 0)).toBe(0);
  });

  it('is resumable: an interrupted run continues where it stopped when started again', async () => {
    const { secrets } = await seedRows(oldRing, 9);
    const first = await rotateKeys(db, rotating, { batchSize: 4, maxPages: 1 });
    expect(first[0]?.resealed).toBe(4);
    const mid = await countAllByKey(db);
    expect(mid['Connection.secret']).toEqual({ k1: 5, k2: expect.any(Number) });
    const second = await rotateKeys(db, rotating, { batchSize: 4 });
    expect(second.reduce((s, r) => s + r.resealed, 0)).toBe(5 + 1 + 1 + 1); // connections left, alert setting, mail, TOTP secret
    expect(await readAll(newOnly, secrets)).toEqual(secrets);
  });

  it('never overwrites a value written meanwhile with the old one', async () => {
    const { workspaceId, secrets } = await seedRows(oldRing, 3);
    const page = await selectPage(db, connection, rotating.currentKeyId, '', 100);
    expect(page.length).toBe(3);
    // A process still sealing with the old key saves a new secret for the first row after the page was read.
    const [first] = page;
    const fresh = JSON.stringify({ apiKey: 'changed-meanwhile' });
    await db.connection.update({ where: { id: first?.id }, data: { secret: seal(oldRing, fresh, workspaceId).envelope } });
    const batch = await resealBatch(db, connection, rotating, page);
    expect(batch).toEqual({ resealed: 2, changedMeanwhile: 1, unreadable: [] });
    const kept = await db.connection.findUniqueOrThrow({ where: { id: first?.id }, select: { secret: true, keyVersion: true } });
    expect(open(rotating, kept.secret, workspaceId)).toBe(fresh);
    expect(kept.keyVersion).toBe('k1');
    // The full command goes round again and picks it up.
    const results = await rotateKeys(db, rotating);
    expect(results[0]?.resealed).toBe(1);
    secrets.set(`Connection:${first?.id}`, fresh);
    expect(await readAll(newOnly, secrets)).toEqual(secrets);
  });

  it('reports values it cannot open (key not in the keyring) and rotates the rest', async () => {
    const lost = parseKeyring(generateKeySpec('lost'));
    const { secrets } = await seedRows(oldRing, 2);
    const stray = seal(lost, '{"apiKey":"x"}', 'ws-x');
    const ws = await db.workspace.create({ data: { name: 'stray', slug: `stray-${randomBytes(5).toString('hex')}` }, select: { id: true } });
    const row = await db.connection.create({ data: { workspaceId: ws.id, connectorKey: 'custify', name: 'stray', secret: stray.envelope, keyVersion: 'lost' }, select: { id: true } });
    const results = await rotateKeys(db, rotating);
    expect(results[0]?.unreadable).toEqual([row.id]);
    expect(await readAll(newOnly, secrets)).toEqual(secrets);
    expect((await db.connection.findUniqueOrThrow({ where: { id: row.id } })).secret).toBe(stray.envelope);
    await db.connection.delete({ where: { id: row.id } });
  });

  it('the rotate-keys command prints rows per key id before and after, and exits 0 when none is left on old keys', async () => {
    await seedRows(oldRing, 3);
    const run = (args: string[]) =>
      spawnSync(path.join(pkgDir, 'node_modules/.bin/tsx'), ['src/rotate-keys-cli.ts', ...args], {
        cwd: pkgDir,
        env: { ...process.env, DATABASE_URL: url, KONNECT_ENCRYPTION_KEY: `${NEW},${OLD}` },
        encoding: 'utf8',
        timeout: 60_000,
      });
    const dry = run(['--dry-run']);
    expect(dry.stdout).toMatch(/Before:\n {2}Connection\.secret +k1: 3, k2 \(current\): \d+/);
    expect(dry.status).toBe(1);
    const real = run(['--batch', '2']);
    expect(real.stderr).toBe('');
    expect(real.stdout).toContain('Connection.secret: 3 re-sealed');
    expect(real.stdout).toMatch(/After:\n {2}Connection\.secret +k2 \(current\): \d+\n {2}AlertSetting\.sealed +k2 \(current\): \d+\n {2}MailMessage\.payload +k2 \(current\): \d+/);
    expect(real.stdout).toContain('Every sealed value is under "k2"');
    expect(real.status).toBe(0);
    const bad = run(['--batch', 'lots']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--batch takes a whole number');
  }, 120_000);
});
