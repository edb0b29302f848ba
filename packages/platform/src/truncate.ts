/**
 * Event-log payload limits: a field whose JSON is larger than the limit is stored as a marker
 * `{ "__truncated": true, "preview": "<first characters of the JSON>", "bytes": n }`.
 */
export const DEFAULT_FIELD_LIMIT_BYTES = 64 * 1024;
export const PREVIEW_CHARS = 2048;
/** Log lines kept per step, and characters per line. */
export const MAX_LOG_LINES = 200;
export const MAX_LOG_LINE_CHARS = 2000;

export interface TruncatedMarker {
  __truncated: true;
  preview: string;
  bytes: number;
}

export function isTruncated(value: unknown): value is TruncatedMarker {
  return typeof value === 'object' && value !== null && (value as { __truncated?: unknown }).__truncated === true;
}

/** The value's JSON, or null for undefined. Values JSON cannot express become a marker string. */
export function toJson(value: unknown): string | null {
  if (value === undefined) return null;
  try {
    return JSON.stringify(value) ?? null;
  } catch (err) {
    return JSON.stringify(`[unserialisable: ${err instanceof Error ? err.message : String(err)}]`);
  }
}

/**
 * JSON text of `value`, replaced by a truncation marker when it exceeds `limit` bytes. `scrub`
 * (secret redaction) sees the whole JSON before it is cut, so a preview never holds part of a secret.
 */
export function limitedJson(value: unknown, limit = DEFAULT_FIELD_LIMIT_BYTES, scrub?: (json: string) => string, scrubbedJson?: string): string | null {
  // `scrubbedJson`: the value's JSON, already scrubbed (by the scrubber that made the value).
  const raw = scrubbedJson ?? toJson(value);
  if (raw === null) return null;
  const json = scrub && scrubbedJson === undefined ? scrub(raw) : raw;
  const bytes = Buffer.byteLength(json, 'utf8');
  if (bytes <= limit) return json;
  const marker: TruncatedMarker = { __truncated: true, preview: json.slice(0, PREVIEW_CHARS), bytes };
  return JSON.stringify(marker);
}

/** Bounded logs: at most MAX_LOG_LINES lines (the last one says how many were cut), each cut to length. */
export function limitLogs(logs: readonly string[]): string[] {
  const lines = logs.slice(0, MAX_LOG_LINES).map((l) => (l.length > MAX_LOG_LINE_CHARS ? `${l.slice(0, MAX_LOG_LINE_CHARS)}…` : l));
  if (logs.length > MAX_LOG_LINES) lines.push(`… ${logs.length - MAX_LOG_LINES} more lines not kept`);
  return lines;
}
