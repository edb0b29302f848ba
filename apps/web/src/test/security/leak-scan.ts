/**
 * Where a leaked secret could end up, searched for plaintext: every row of every table (as JSON
 * text), every Redis key of the test's prefix, every log line written while the test ran.
 */
import { inspect } from 'node:util';
import { Prisma } from '@konnect/db';
import { redis } from '@/server/services';
import { testDb } from '../fixtures';

/** The secret as it could appear: itself, and inside base64 (any byte alignment, e.g. Basic auth). */
export function spellings(secret: string): string[] {
  const b64 = (pad: string) => Buffer.from(pad + secret).toString('base64');
  return [secret, b64('').slice(0, -4), b64('a').slice(4, -4), b64('ab').slice(4, -4)].filter((s) => s.length >= 12);
}

export interface DbScan {
  tables: number;
  rows: number;
  bytes: number;
  /** `table: n rows` for each table where a needle was found. */
  hits: string[];
}

/** Every row of every table of the current schema, as `row_to_json` text, searched for each needle. */
export async function scanDatabase(needles: string[]): Promise<DbScan> {
  const db = testDb();
  const tables = await db.$queryRaw<{ name: string }[]>`
    SELECT table_name AS name FROM information_schema.tables
    WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`;
  const out: DbScan = { tables: tables.length, rows: 0, bytes: 0, hits: [] };
  for (const { name } of tables) {
    const table = Prisma.raw(`"${name.replace(/"/g, '""')}"`);
    const [size] = await db.$queryRaw<{ rows: number; bytes: number }[]>`
      SELECT count(*)::int AS rows, coalesce(sum(length(row_to_json(t)::text)), 0)::float8 AS bytes FROM ${table} t`;
    out.rows += size?.rows ?? 0;
    out.bytes += size?.bytes ?? 0;
    for (const needle of needles) {
      const [found] = await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM ${table} t WHERE strpos(row_to_json(t)::text, ${needle}) > 0`;
      if (found && found.n > 0) out.hits.push(`${name}: ${found.n} row(s) hold "${needle.slice(0, 12)}…"`);
    }
  }
  return out;
}

/** Every value under `prefix:*` in Redis (strings, hashes, lists, sets, sorted sets, streams) as one text. */
export async function redisText(prefix: string): Promise<string> {
  const r = redis();
  const parts: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await r.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
    for (const key of keys) {
      const type = await r.type(key);
      parts.push(key);
      if (type === 'string') parts.push((await r.get(key)) ?? '');
      else if (type === 'hash') parts.push(JSON.stringify(await r.hgetall(key)));
      else if (type === 'list') parts.push(JSON.stringify(await r.lrange(key, 0, -1)));
      else if (type === 'set') parts.push(JSON.stringify(await r.smembers(key)));
      else if (type === 'zset') parts.push(JSON.stringify(await r.zrange(key, 0, -1)));
      else if (type === 'stream') parts.push(JSON.stringify(await r.xrange(key, '-', '+')));
    }
    cursor = next;
  } while (cursor !== '0');
  return parts.join('\n');
}

type Writer = typeof process.stdout.write;
const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;

/** Captures everything written to stdout/stderr and through console.* until `restore()`. */
export function captureOutput(): { lines: string[]; restore(): void } {
  const lines: string[] = [];
  const stdout = process.stdout.write.bind(process.stdout);
  const stderr = process.stderr.write.bind(process.stderr);
  const saved = CONSOLE_METHODS.map((m) => [m, console[m]] as const);
  const text = (chunk: unknown) => (typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) || chunk instanceof Uint8Array ? Buffer.from(chunk).toString('utf8') : String(chunk));
  process.stdout.write = ((chunk: unknown) => (lines.push(text(chunk)), true)) as Writer;
  process.stderr.write = ((chunk: unknown) => (lines.push(text(chunk)), true)) as Writer;
  for (const m of CONSOLE_METHODS) {
    console[m] = (...args: unknown[]) => {
      lines.push(args.map((a) => (typeof a === 'string' ? a : inspect(a, { depth: 8, breakLength: Infinity }))).join(' '));
    };
  }
  return {
    lines,
    restore() {
      process.stdout.write = stdout as Writer;
      process.stderr.write = stderr as Writer;
      for (const [m, fn] of saved) console[m] = fn;
    },
  };
}
