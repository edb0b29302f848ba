/**
 * Key rotation on SECRETS sealed values (issue 15): a fresh database holding them under key "k1"
 * (90 % connection secrets, 5 % alert settings, 5 % mail payloads, across 100 workspaces), then the
 * real command (`pnpm --filter @konnect/db rotate-keys`, a child process) with
 * KONNECT_ENCRYPTION_KEY="k2:<new>,k1:<old>", while this process plays the running product: it keeps
 * opening random connection secrets with the same keyring (every read must succeed) and saving new
 * ones under k2 (as web does once restarted with the new key first; none may be overwritten).
 *
 * Prints: the command's own output (rows per key id before and after), the time it took, the
 * reads and writes made meanwhile, and the checks: every value opens with k2 alone and equals what
 * was last written, no row and no envelope under k1.
 *
 * Run: cd bench && npx tsx key-rotation.ts   (SECRETS=10000 BATCH=500 to change)
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { countAllByKey, createDb, DEFAULT_DATABASE_URL, dropDatabase, ensureDatabase, generateKeySpec, migrateDeploy, open, parseKeyring, seal, type Db, type Keyring } from '@konnect/db';
import { fmt, percentile } from './bench-stack';

const SECRETS = Number(process.env.SECRETS ?? 10_000);
const BATCH = Number(process.env.BATCH ?? 500);
const WORKSPACES = 100;
const here = path.dirname(fileURLToPath(import.meta.url));
const dbPackage = path.resolve(here, '../packages/db');

const OLD = generateKeySpec('k1');
const NEW = generateKeySpec('k2');
const oldRing = parseKeyring(OLD);
const rotating = parseKeyring(`${NEW},${OLD}`);
const newOnly = parseKeyring(NEW);

type Kind = 'Connection' | 'AlertSetting' | 'MailMessage';
interface Expected {
  kind: Kind;
  workspaceId: string;
  value: string;
}

const aadOf = (kind: Kind, id: string, workspaceId: string): string => (kind === 'Connection' ? workspaceId : kind === 'AlertSetting' ? `alerts:${workspaceId}` : `mail:${id}`);

async function seed(db: Db): Promise<Map<string, Expected>> {
  const expected = new Map<string, Expected>();
  const workspaces: string[] = [];
  for (let i = 0; i < WORKSPACES; i++) workspaces.push(`ws_${i}_${randomBytes(4).toString('hex')}`);
  await db.workspace.createMany({ data: workspaces.map((id, i) => ({ id, name: `Workspace ${i}`, slug: id })) });
  const alerts = Math.round(SECRETS * 0.05);
  const mails = Math.round(SECRETS * 0.05);
  const connections = SECRETS - alerts - mails;
  const chunk = <T>(rows: T[], n = 1000): T[][] => Array.from({ length: Math.ceil(rows.length / n) }, (_, i) => rows.slice(i * n, (i + 1) * n));

  const connRows = Array.from({ length: connections }, (_, i) => {
    const id = `conn_${String(i).padStart(6, '0')}`;
    const workspaceId = workspaces[i % WORKSPACES] ?? '';
    const value = JSON.stringify({ apiKey: `cfy_${randomBytes(12).toString('hex')}`, baseUrl: 'https://api.custify.com' });
    expected.set(id, { kind: 'Connection', workspaceId, value });
    const s = seal(oldRing, value, aadOf('Connection', id, workspaceId));
    return { id, workspaceId, connectorKey: 'custify', name: `Custify ${i}`, secret: s.envelope, keyVersion: s.keyId };
  });
  for (const rows of chunk(connRows)) await db.connection.createMany({ data: rows });

  const alertRows = Array.from({ length: alerts }, (_, i) => {
    const id = `alert_${String(i).padStart(6, '0')}`;
    const workspaceId = workspaces[i % WORKSPACES] ?? '';
    const value = JSON.stringify({ slackWebhookUrl: `https://hooks.slack.com/services/T0/B0/${randomBytes(8).toString('hex')}` });
    expected.set(id, { kind: 'AlertSetting', workspaceId, value });
    const s = seal(oldRing, value, aadOf('AlertSetting', id, workspaceId));
    return { id, workspaceId, konnectorId: i < WORKSPACES ? '' : `k_${i}`, sealed: s.envelope, keyVersion: s.keyId };
  });
  for (const rows of chunk(alertRows)) await db.alertSetting.createMany({ data: rows });

  const mailRows = Array.from({ length: mails }, (_, i) => {
    const id = `mail_${String(i).padStart(6, '0')}`;
    const workspaceId = workspaces[i % WORKSPACES] ?? '';
    const value = JSON.stringify({ to: [`person${i}@example.test`], template: 'invitation', data: { link: `https://app.example/accept?token=${randomBytes(16).toString('hex')}` } });
    expected.set(id, { kind: 'MailMessage', workspaceId, value });
    const s = seal(oldRing, value, aadOf('MailMessage', id, workspaceId));
    return { id, workspaceId, to: [`person${i}@example.test`], template: 'invitation', subject: 'Join', status: 'sent' as const, payload: s.envelope, keyVersion: s.keyId };
  });
  for (const rows of chunk(mailRows)) await db.mailMessage.createMany({ data: rows });
  return expected;
}

/** The running product: two readers and one writer on random connection secrets until `done.stopped`. */
async function product(db: Db, expected: Map<string, Expected>, ring: Keyring, done: { stopped: boolean }) {
  const ids = [...expected.entries()].filter(([, e]) => e.kind === 'Connection').map(([id]) => id);
  const readMs: number[] = [];
  let readFailures = 0;
  let writes = 0;
  const pick = () => ids[Math.floor(Math.random() * ids.length)] ?? '';
  const reader = async () => {
    while (!done.stopped) {
      const id = pick();
      const started = performance.now();
      const row = await db.connection.findUniqueOrThrow({ where: { id }, select: { secret: true, workspaceId: true } });
      try {
        open(ring, row.secret, row.workspaceId);
      } catch {
        readFailures++;
      }
      readMs.push(performance.now() - started);
      await new Promise((r) => setTimeout(r, 2));
    }
  };
  const writer = async () => {
    while (!done.stopped) {
      const id = pick();
      const e = expected.get(id);
      if (!e) continue;
      const value = JSON.stringify({ apiKey: `cfy_new_${randomBytes(12).toString('hex')}`, baseUrl: 'https://api.custify.com' });
      const s = seal(ring, value, e.workspaceId);
      await db.connection.update({ where: { id }, data: { secret: s.envelope, keyVersion: s.keyId } });
      e.value = value;
      writes++;
      await new Promise((r) => setTimeout(r, 5));
    }
  };
  await Promise.all([reader(), reader(), writer()]);
  return { reads: readMs.length, readFailures, readP50: percentile(readMs, 50), readP99: percentile(readMs, 99), writes };
}

function runCommand(databaseUrl: string): Promise<{ code: number | null; stdout: string; ms: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(dbPackage, 'node_modules/.bin/tsx'), ['src/rotate-keys-cli.ts', '--batch', String(BATCH)], {
      cwd: dbPackage,
      env: { ...process.env, DATABASE_URL: databaseUrl, KONNECT_ENCRYPTION_KEY: `${NEW},${OLD}` },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, ms: performance.now() - started }));
  });
}

async function verify(db: Db, expected: Map<string, Expected>) {
  let readable = 0;
  let mismatched = 0;
  let underOld = 0;
  const check = (id: string, envelope: string | null, keyVersion: string | null) => {
    const e = expected.get(id);
    if (!e || !envelope) return;
    if (keyVersion !== 'k2' || envelope.split('.')[1] !== 'k2') underOld++;
    try {
      if (open(newOnly, envelope, aadOf(e.kind, id, e.workspaceId)) === e.value) readable++;
      else mismatched++;
    } catch {
      mismatched++;
    }
  };
  for (const r of await db.connection.findMany({ select: { id: true, secret: true, keyVersion: true } })) check(r.id, r.secret, r.keyVersion);
  for (const r of await db.alertSetting.findMany({ select: { id: true, sealed: true, keyVersion: true } })) check(r.id, r.sealed, r.keyVersion);
  for (const r of await db.mailMessage.findMany({ select: { id: true, payload: true, keyVersion: true } })) check(r.id, r.payload, r.keyVersion);
  return { readable, mismatched, underOld };
}

async function main(): Promise<void> {
  const base = new URL(process.env.DATABASE_URL || DEFAULT_DATABASE_URL);
  base.pathname = `/konnect_bench_rotation_${randomBytes(4).toString('hex')}`;
  const databaseUrl = base.toString();
  await ensureDatabase(databaseUrl);
  const db = createDb(databaseUrl, { max: 6 });
  try {
    await migrateDeploy(databaseUrl);
    const seeded = performance.now();
    const expected = await seed(db);
    console.log(`seeded ${expected.size} sealed values under "k1" in ${fmt(performance.now() - seeded)}: ${JSON.stringify(await countAllByKey(db))}`);

    const done = { stopped: false };
    const load = product(db, expected, rotating, done);
    const command = await runCommand(databaseUrl);
    done.stopped = true;
    const traffic = await load;

    console.log('--- rotate-keys output ---');
    process.stdout.write(command.stdout);
    console.log('--------------------------');
    const checks = await verify(db, expected);
    console.log(`command: exit ${command.code}, ${(command.ms / 1000).toFixed(2)} s wall clock (process start included), batch ${BATCH}`);
    console.log(`meanwhile: ${traffic.reads} secret reads (p50 ${fmt(traffic.readP50)}, p99 ${fmt(traffic.readP99)}), ${traffic.readFailures} failed; ${traffic.writes} secrets saved under k2`);
    console.log(`after: ${checks.readable}/${expected.size} values open with k2 alone and equal the last value written; ${checks.mismatched} wrong or unreadable; ${checks.underOld} under k1`);
    const ok = command.code === 0 && traffic.readFailures === 0 && checks.readable === expected.size && checks.mismatched === 0 && checks.underOld === 0;
    console.log(ok ? 'OK' : 'FAILED');
    if (!ok) process.exitCode = 1;
  } finally {
    await db.$disconnect();
    await dropDatabase(databaseUrl);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
