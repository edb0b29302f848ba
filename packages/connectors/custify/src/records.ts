import { ConnectorError } from '@konnect/sdk';

export type ApiRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is ApiRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A response that Custify's contract does not allow: surfaced, never guessed around. */
export function unexpectedResponse(what: string, data: unknown): ConnectorError {
  const shown = JSON.stringify(data) ?? String(data);
  return new ConnectorError({
    kind: 'server',
    message: `Custify returned an unexpected response for ${what}: ${shown.slice(0, 200)}`,
    retryable: false,
  });
}

export function expectRecord(data: unknown, what: string): ApiRecord {
  if (!isRecord(data)) throw unexpectedResponse(what, data);
  return data;
}

/** The records of an array, or a clear error. */
export function expectRecords(data: unknown, what: string): ApiRecord[] {
  if (!Array.isArray(data) || !data.every(isRecord)) throw unexpectedResponse(what, data);
  return data;
}

/** Internal id of a record (`id`, or `_id` on some objects), as a string. */
export function recordId(record: ApiRecord): string {
  const id = record.id ?? record._id;
  if (typeof id === 'string' && id !== '') return id;
  if (typeof id === 'number') return String(id);
  throw unexpectedResponse('a record without an id', record);
}

export function notFound(what: string): ConnectorError {
  return new ConnectorError({ kind: 'not_found', status: 404, message: `Custify: no ${what}`, retryable: false });
}

export function numberField(record: ApiRecord, key: string): number | undefined {
  const value = record[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
