/** A failed connection save as per-field messages for the form (a credential field or the name), or undefined. */
import { fieldErrorFrom } from '@/components/schema-fields';
import { ApiError } from '@/lib/api-client';

export function connectionFormErrors(err: unknown): Record<string, string> | undefined {
  if (!(err instanceof ApiError)) return undefined;
  return fieldErrorFrom(err.field, err.message) ?? (err.field === 'name' ? { name: err.message } : undefined);
}
