/** The fields every Storage action shares, and the store the platform hands a run. */
import { z } from 'zod';
import { ConnectorError, type ActionServices, type StoreValue, type WorkspaceStoreService } from '@konnect/sdk';

export const MAX_KEY_LENGTH = 512;
export const MAX_TTL_SECONDS = 10 * 365 * 86_400;

export const key = z
  .string()
  .trim()
  .min(1, 'A key is required')
  .max(MAX_KEY_LENGTH, `A key is at most ${MAX_KEY_LENGTH} characters`)
  .meta({ label: 'Key', placeholder: 'customer:{{trigger.id}}:notified', description: 'Any text; keys are shared by every konnector of this workspace.' });

export const ttlSeconds = z.coerce
  .number()
  .int('A whole number of seconds')
  .min(1, 'At least 1 second')
  .max(MAX_TTL_SECONDS, 'At most 10 years')
  .optional()
  .meta({ label: 'Time to live (seconds)', description: 'The key disappears this long after the write. Empty: it stays until deleted.' });

/** Any JSON value; text stays text unless `parseJson` says to read it as JSON. */
export const value = z.unknown().meta({ label: 'Value', multiline: true, description: 'Text, a number, or a value mapped from a previous step (objects and lists too). At most 256 KB as JSON.' });

export const parseJson = z
  .boolean()
  .default(false)
  .meta({ label: 'Read text as JSON', description: 'Store text such as {"a":1} or [1,2] as the JSON it spells instead of as text.' });

/** The value to store: JSON-safe, and parsed from text when asked. */
export function storeValue(raw: unknown, asJson: boolean, field: string): StoreValue {
  if (asJson && typeof raw === 'string') {
    try {
      return JSON.parse(raw) as StoreValue;
    } catch (err) {
      throw new ConnectorError({ kind: 'config', message: `${field}: not valid JSON (${err instanceof Error ? err.message : String(err)})`, retryable: false });
    }
  }
  if (raw === undefined) return null;
  return JSON.parse(JSON.stringify(raw)) as StoreValue;
}

/** The workspace's store, or a failure saying this process has none (never a silent success). */
export function storeOf(services: ActionServices | undefined): WorkspaceStoreService {
  if (services?.store) return services.store;
  throw new ConnectorError({ kind: 'config', message: 'The data store is not available here: Storage steps run in konnector runs and test runs.', retryable: false });
}

/** Only the options given: `{ ttlSeconds }` or nothing. */
export const ttl = (seconds: number | undefined) => (seconds === undefined ? {} : { ttlSeconds: seconds });
