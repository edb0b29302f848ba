/**
 * The event log's opaque keyset cursor: the (createdAt, id) of the last run on a page. Runs are
 * listed newest first by (createdAt DESC, id DESC), so the next page is every run strictly
 * "before" that pair: no duplicates and no gaps, even when many runs share a timestamp.
 */
import { AppError } from '../errors';

export interface RunCursor {
  createdAt: Date;
  id: string;
}

export function encodeCursor(c: RunCursor): string {
  return Buffer.from(`${c.createdAt.getTime()}.${c.id}`, 'utf8').toString('base64url');
}

export function decodeCursor(raw: string): RunCursor {
  const invalid = new AppError('bad_request', 'cursor: not a cursor this API returned (use nextCursor from the previous page)', 'cursor');
  if (!/^[A-Za-z0-9_-]+$/.test(raw)) throw invalid;
  const text = Buffer.from(raw, 'base64url').toString('utf8');
  const match = /^(\d{1,15})\.([A-Za-z0-9_-]{1,64})$/.exec(text);
  if (!match?.[1] || !match[2]) throw invalid;
  const createdAt = new Date(Number(match[1]));
  if (Number.isNaN(createdAt.getTime())) throw invalid;
  return { createdAt, id: match[2] };
}
