import { z } from 'zod';
import { ValidationError } from './errors';

type Issue = z.core.$ZodIssue;

function fieldName(path: readonly PropertyKey[]): string {
  if (path.length === 0) return 'body';
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p))).join('.').replace(/\.\[/g, '[');
}

/** One readable message per issue, always starting with the field's name. */
export function issueMessages(issues: readonly Issue[]): string[] {
  return issues.map((issue) => {
    const field = fieldName(issue.path);
    if (issue.input === undefined && issue.code !== 'custom') {
      return issue.path.length === 0 ? 'body must be a JSON object' : `${field} is required`;
    }
    return `${field}: ${issue.message}`;
  });
}

/** Parse input with a schema; bad input throws a ValidationError (422) naming the fields. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input, { reportInput: true });
  if (!result.success) throw new ValidationError(issueMessages(result.error.issues));
  return result.data;
}

/** An ISO-8601 (or any Date.parse-able) date string, normalised to ISO with milliseconds. */
export const isoDate = z
  .string()
  .refine((s) => !Number.isNaN(Date.parse(s)), { message: 'must be an ISO-8601 date' })
  .transform((s) => new Date(s).toISOString());

export const objectId = z.string().regex(/^[0-9a-f]{24}$/, { message: 'must be a 24-hex id' });

export const entityModel = z.enum(['Company', 'People']);
export type EntityModel = z.infer<typeof entityModel>;

/** External keys (user_id, company_id) may be sent as numbers; they are stored as strings. */
export const externalKey = z.union([z.string().min(1), z.number()]).transform(String);
