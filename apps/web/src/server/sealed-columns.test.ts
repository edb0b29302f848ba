/**
 * The key-rotation command (packages/db key-rotation.ts) re-seals each column in SEALED_COLUMNS with
 * the associated data listed there. These checks keep that list in step with the code that seals
 * and opens each column, and with the schema: a model with a `keyVersion` column that is not listed
 * fails here (add one entry to SEALED_COLUMNS).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generateKeySpec, open, parseKeyring, seal, SEALED_COLUMNS, type Keyring, type SealedColumn } from '@konnect/db';
import { openAlertSecrets, openMail, sealAlertSecrets, sealMail, type Platform } from '@konnect/platform';
import { connectors } from '@konnect/connectors';
import { openAuth, sealAuth } from './connections/secrets';
import { openTotpSecret, sealTotpSecret } from './account/two-factor';

const OLD = generateKeySpec('old');
const NEW = generateKeySpec('new');
const oldRing = parseKeyring(OLD);
const rotating = parseKeyring(`${NEW},${OLD}`);
const newOnly = parseKeyring(NEW);

function column(table: string): SealedColumn {
  const c = SEALED_COLUMNS.find((x) => x.table === table);
  if (!c) throw new Error(`${table} is not in SEALED_COLUMNS`);
  return c;
}

/** What the rotation does to one value: open with the listed associated data, seal under the current key. */
function rotate(c: SealedColumn, row: Record<string, string>, envelope: string, ring: Keyring = rotating): string {
  return seal(ring, open(ring, envelope, c.aad(row)), c.aad(row)).envelope;
}

describe('SEALED_COLUMNS (key rotation)', () => {
  it('lists every model with a keyVersion column', () => {
    const schema = readFileSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../prisma/schema.prisma'), 'utf8');
    const models = [...schema.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)].filter((m) => /^\s+keyVersion\s/m.test(m[2] ?? '')).map((m) => m[1]);
    expect(models.length).toBeGreaterThanOrEqual(3);
    expect(SEALED_COLUMNS.map((c) => c.table).sort()).toEqual([...models].sort());
  });

  it('Connection.secret: sealed by the web app, opened by the web app after a rotation', () => {
    const connector = connectors.find((c) => c.key === 'custify');
    if (!connector) throw new Error('custify connector missing');
    const value = { apiKey: 'cfy_live_0123456789', baseUrl: 'https://api.custify.com' };
    const sealed = sealAuth(oldRing, 'ws_1', connector, value);
    const rotated = rotate(column('Connection'), { id: 'conn_1', workspaceId: 'ws_1' }, sealed.secret);
    expect(openAuth(newOnly, 'ws_1', rotated)).toEqual(value);
  });

  it('AlertSetting.sealed: sealed and opened by the platform after a rotation', () => {
    const secrets = { slackWebhookUrl: 'https://hooks.slack.com/services/T0/B0/xyz', webhookSecret: 'whsec_123' };
    const sealed = sealAlertSecrets(oldRing, 'ws_2', secrets);
    const rotated = rotate(column('AlertSetting'), { id: 'as_1', workspaceId: 'ws_2' }, sealed?.sealed ?? '');
    expect(openAlertSecrets(newOnly, 'ws_2', rotated)).toEqual(secrets);
  });

  it('MailMessage.payload: sealed and opened by the platform after a rotation', () => {
    const mail = { to: ['a@example.test'], template: 'notice', data: { title: 'T', body: 'B' } } as unknown as Parameters<typeof sealMail>[2];
    const sealed = sealMail({ keyring: oldRing } as Platform, 'mail_1', mail);
    const rotated = rotate(column('MailMessage'), { id: 'mail_1', workspaceId: 'ws_3' }, sealed.envelope);
    expect(openMail({ keyring: newOnly } as Platform, 'mail_1', rotated)).toEqual(mail);
  });

  it('UserTwoFactor.secret: sealed and opened by the web app after a rotation (the row id is the user id)', () => {
    const sealed = sealTotpSecret(oldRing, 'user_1', 'JBSWY3DPEHPK3PXP');
    const rotated = rotate(column('UserTwoFactor'), { id: 'user_1' }, sealed.envelope);
    expect(openTotpSecret(newOnly, 'user_1', rotated)).toBe('JBSWY3DPEHPK3PXP');
  });
});
