/**
 * Key rotation: re-seals every sealed value under the keyring's current key, while the product
 * runs. The operator puts the new key first in KONNECT_ENCRYPTION_KEY (old keys after it, so they
 * still open), restarts web and worker, runs `pnpm rotate-keys`, and drops the old keys once it
 * reports none left under them.
 *
 * Table-driven: SEALED_COLUMNS lists every sealed column with its key-id column and how its
 * associated data is built; a new sealed column is one more entry. Each pass walks a table by id
 * (keyset pages) over the rows not yet under the current key, so an interrupted run simply
 * continues when started again, and a finished one finds nothing to do. Each page is one UPDATE
 * that writes a row only while it still holds the very envelope that was read: a value a user or
 * the product changed meanwhile is never overwritten with the old one (it is counted, and picked
 * up by the next pass when it is still under an old key).
 */
import type { Db } from './client';
import { executeSql, queryRows } from './client';
import { open, seal, type Keyring } from './crypto';
import { Prisma } from './generated/prisma/client';

export interface SealedColumn {
  /** SQL table (the Prisma model name). */
  table: string;
  /** The column holding the "v1.<keyId>.…" envelope (rows where it is NULL hold no secret). */
  column: string;
  /** The column naming the key id it was sealed with. */
  keyColumn: string;
  /** The primary key column (text), when it is not "id". */
  idColumn?: string;
  /** Columns besides `id` the associated data is built from. */
  aadColumns: string[];
  /** The associated data the owner of the column seals with (must match its seal/open calls). */
  aad(row: Record<string, string>): string;
}

/**
 * Every sealed column in the database. Keep in step with the code that seals them (the platform's
 * key-rotation test opens each through its owner's own functions after a rotation).
 */
export const SEALED_COLUMNS: readonly SealedColumn[] = [
  // apps/web connections/secrets.ts and platform connections.ts: associated data = workspace id.
  { table: 'Connection', column: 'secret', keyColumn: 'keyVersion', aadColumns: ['workspaceId'], aad: (r) => r.workspaceId ?? '' },
  // platform alert-settings.ts: Slack webhook URL, webhook URL and signing secret.
  { table: 'AlertSetting', column: 'sealed', keyColumn: 'keyVersion', aadColumns: ['workspaceId'], aad: (r) => `alerts:${r.workspaceId ?? ''}` },
  // platform mail.ts: recipients and template data (links with tokens) of each mail.
  { table: 'MailMessage', column: 'payload', keyColumn: 'keyVersion', aadColumns: [], aad: (r) => `mail:${r.id ?? ''}` },
  // apps/web account/two-factor.ts: the TOTP secret, associated data = user id (the row's key).
  { table: 'UserTwoFactor', column: 'secret', keyColumn: 'keyVersion', idColumn: 'userId', aadColumns: [], aad: (r) => r.id ?? '' },
];

const IDENT = /^[A-Za-z][A-Za-z0-9_]*$/;
function ident(name: string): Prisma.Sql {
  if (!IDENT.test(name)) throw new Error(`key rotation: "${name}" is not a plain SQL identifier`);
  return Prisma.raw(`"${name}"`);
}

const idOf = (c: SealedColumn): Prisma.Sql => ident(c.idColumn ?? 'id');

export const columnLabel = (c: SealedColumn): string => `${c.table}.${c.column}`;

/** Rows per key id of one sealed column (rows without a sealed value are not counted). */
export async function countByKey(db: Db, c: SealedColumn): Promise<Record<string, number>> {
  const rows = await queryRows<{ keyId: string | null; n: number }>(
    db,
    Prisma.sql`SELECT ${ident(c.keyColumn)} AS "keyId", count(*)::int AS n FROM ${ident(c.table)} WHERE ${ident(c.column)} IS NOT NULL GROUP BY 1 ORDER BY 1`,
  );
  return Object.fromEntries(rows.map((r) => [r.keyId ?? '(none)', r.n]));
}

export type KeyCounts = Record<string, Record<string, number>>;

/** Rows per key id of every sealed column, keyed "Table.column". */
export async function countAllByKey(db: Db, columns: readonly SealedColumn[] = SEALED_COLUMNS): Promise<KeyCounts> {
  const out: KeyCounts = {};
  for (const c of columns) out[columnLabel(c)] = await countByKey(db, c);
  return out;
}

export interface SealedRow {
  id: string;
  envelope: string;
  aad: string;
}

/** One keyset page of rows not under `currentKeyId`, after id `after`. */
export async function selectPage(db: Db, c: SealedColumn, currentKeyId: string, after: string, limit: number): Promise<SealedRow[]> {
  const extra = c.aadColumns.length ? Prisma.sql`, ${Prisma.join(c.aadColumns.map((a) => ident(a)))}` : Prisma.empty;
  const rows = await queryRows<Record<string, string>>(
    db,
    Prisma.sql`SELECT ${idOf(c)} AS "id", ${ident(c.column)} AS "__envelope"${extra} FROM ${ident(c.table)}
      WHERE ${idOf(c)} > ${after} AND ${ident(c.column)} IS NOT NULL AND ${ident(c.keyColumn)} IS DISTINCT FROM ${currentKeyId}
      ORDER BY ${idOf(c)} LIMIT ${limit}`,
  );
  return rows.map((r) => ({ id: r.id ?? '', envelope: r.__envelope ?? '', aad: c.aad(r) }));
}

export interface BatchResult {
  resealed: number;
  /** Changed by someone else between the read and the write: left as they are. */
  changedMeanwhile: number;
  /** Could not be opened (key missing from the keyring, or tampered): ids. */
  unreadable: string[];
}

/**
 * Re-seals `rows` (as read by selectPage) under the current key in one statement; a row is written
 * only if it still holds the envelope that was read.
 */
export async function resealBatch(db: Db, c: SealedColumn, keyring: Keyring, rows: SealedRow[]): Promise<BatchResult> {
  const ids: string[] = [];
  const olds: string[] = [];
  const news: string[] = [];
  const unreadable: string[] = [];
  for (const row of rows) {
    try {
      const plaintext = open(keyring, row.envelope, row.aad);
      ids.push(row.id);
      olds.push(row.envelope);
      news.push(seal(keyring, plaintext, row.aad).envelope);
    } catch {
      unreadable.push(row.id);
    }
  }
  if (ids.length === 0) return { resealed: 0, changedMeanwhile: 0, unreadable };
  const col = ident(c.column);
  const resealed = await executeSql(
    db,
    Prisma.sql`UPDATE ${ident(c.table)} AS t SET ${col} = v.sealed, ${ident(c.keyColumn)} = ${keyring.currentKeyId}
      FROM unnest(${ids}::text[], ${olds}::text[], ${news}::text[]) AS v(id, old, sealed)
      WHERE t.${idOf(c)} = v.id AND t.${col} = v.old`,
  );
  return { resealed, changedMeanwhile: ids.length - resealed, unreadable };
}

export interface ColumnResult extends BatchResult {
  column: string;
  passes: number;
}

export interface RotateOptions {
  columns?: readonly SealedColumn[];
  /** Rows per page (one SELECT and one UPDATE each). Default 500. */
  batchSize?: number;
  /** Pause between pages, to go easy on a busy database. Default 0. */
  pauseMs?: number;
  /** Passes per column while rows changed meanwhile remain under old keys. Default 5. */
  maxPasses?: number;
  /** Stop after this many pages in all (an interrupted run, for tests); the next run continues. */
  maxPages?: number;
  /** After each page. */
  onPage?(column: string, page: BatchResult & { pass: number }): void;
}

/** Re-seals every sealed value not under `keyring.currentKeyId`. Resumable: run it again to continue. */
export async function rotateKeys(db: Db, keyring: Keyring, opts: RotateOptions = {}): Promise<ColumnResult[]> {
  const batchSize = opts.batchSize ?? 500;
  const maxPasses = opts.maxPasses ?? 5;
  let pagesLeft = opts.maxPages ?? Number.POSITIVE_INFINITY;
  const results: ColumnResult[] = [];
  for (const c of opts.columns ?? SEALED_COLUMNS) {
    const result: ColumnResult = { column: columnLabel(c), passes: 0, resealed: 0, changedMeanwhile: 0, unreadable: [] };
    results.push(result);
    const unreadable = new Set<string>();
    for (let pass = 1; pass <= maxPasses && pagesLeft > 0; pass++) {
      result.passes = pass;
      let after = '';
      let changed = 0;
      while (pagesLeft > 0) {
        const rows = await selectPage(db, c, keyring.currentKeyId, after, batchSize);
        if (rows.length === 0) break;
        pagesLeft--;
        // Rows already found unreadable in an earlier pass are not tried again.
        const batch = await resealBatch(db, c, keyring, rows.filter((r) => !unreadable.has(r.id)));
        for (const id of batch.unreadable) unreadable.add(id);
        result.resealed += batch.resealed;
        changed += batch.changedMeanwhile;
        opts.onPage?.(result.column, { ...batch, pass });
        after = rows[rows.length - 1]?.id ?? after;
        if (opts.pauseMs) await new Promise((r) => setTimeout(r, opts.pauseMs));
      }
      result.changedMeanwhile += changed;
      if (changed === 0) break;
    }
    result.unreadable = [...unreadable];
  }
  return results;
}
