import type { MultipartForm } from './multipart';

/** One API request as the simulator saw it (control endpoints are not recorded). */
export interface RecordedRequest {
  at: string;
  method: string;
  path: string;
  query: Record<string, string>;
  /** Parsed JSON (null when none); for multipart `{ fields, files: [{ field, filename, size, mimeType }] }`; raw text if unparsable. */
  body: unknown;
  /** `Bearer ***<last 4>`, or null when absent. */
  authorization: string | null;
  /** The response status (0 while the request is still being answered). */
  status: number;
}

export const REQUEST_LOG_LIMIT = 10_000;

/** `Bearer abcdefgh1234` → `Bearer ***1234`. */
export function maskAuthorization(header: string | undefined): string | null {
  if (header === undefined) return null;
  const space = header.indexOf(' ');
  const scheme = space < 0 ? '' : header.slice(0, space + 1);
  const secret = space < 0 ? header : header.slice(space + 1).trim();
  return `${scheme}***${secret.length > 4 ? secret.slice(-4) : ''}`;
}

export function formSummary(form: MultipartForm): unknown {
  return {
    fields: form.fields,
    files: form.files.map((f) => ({ field: f.field, filename: f.filename, size: f.data.length, mimeType: f.mimeType })),
  };
}

/** The log keeps the most recent REQUEST_LOG_LIMIT entries, in arrival order. */
export function appendRequest(log: RecordedRequest[], entry: RecordedRequest): void {
  log.push(entry);
  if (log.length > REQUEST_LOG_LIMIT) log.splice(0, log.length - REQUEST_LOG_LIMIT);
}
