import { z } from 'zod';
import { hasDotSegment } from '@konnect/sdk';

export const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const scalar = z.union([z.string(), z.number(), z.boolean()]);

/** Fields both request actions take (HTTP Request, Web API). */
const method = z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']).default('GET').meta({ label: 'Method' });
const query = z
  .record(z.string().min(1), scalar)
  .default({})
  .meta({ label: 'Query parameters', description: 'Added to the URL, e.g. { "page": 1 }.' });
const headers = z
  .record(
    z.string().regex(HEADER_NAME, 'Header names are letters, digits and - _ . only'),
    z.string().regex(/^[^\r\n]*$/, 'Header values cannot contain line breaks'),
  )
  .default({})
  .meta({ label: 'Headers' });
const bodyType = z
  .enum(['none', 'json', 'form', 'text'])
  .default('none')
  .meta({ label: 'Body type', description: 'JSON, form-encoded (key=value), plain text, or no body.' });
const body = z
  .unknown()
  .optional()
  .meta({ label: 'Body', description: 'JSON: an object, array or JSON text. Form: an object of fields. Text: any text.', multiline: true });
const timeoutMs = z
  .number()
  .int()
  .min(100)
  .max(120_000)
  .default(30_000)
  .meta({ label: 'Timeout (ms)', description: 'Give up after this long (at most 120 000).' });

/** The body fits its type, and a GET carries none. */
function checkBody(v: { method: string; bodyType: string; body?: unknown }, ctx: z.RefinementCtx): void {
  if (v.bodyType !== 'none' && v.method === 'GET') {
    ctx.addIssue({ code: 'custom', path: ['bodyType'], message: 'A GET request cannot carry a body: choose "none" or another method' });
  }
  if (v.bodyType === 'json' && typeof v.body === 'string') {
    try {
      JSON.parse(v.body);
    } catch (err) {
      ctx.addIssue({ code: 'custom', path: ['body'], message: `Not valid JSON: ${err instanceof Error ? err.message : String(err)}` });
    }
  }
  if (v.bodyType === 'form' && typeof v.body !== 'string' && v.body !== undefined) {
    const fields = typeof v.body === 'object' && v.body !== null && !Array.isArray(v.body) ? Object.entries(v.body) : null;
    const flat = fields?.every(([, value]) => value === null || ['string', 'number', 'boolean'].includes(typeof value) ||
      (Array.isArray(value) && value.every((item) => ['string', 'number', 'boolean'].includes(typeof item))));
    if (!flat) {
      ctx.addIssue({ code: 'custom', path: ['body'], message: 'A form body is an object of text, number or boolean fields (or lists of them)' });
    }
  }
}

export const requestInput = z
  .object({
    method,
    url: z
      .url({ protocol: /^https?$/, message: 'Enter a full http:// or https:// URL' })
      .meta({ label: 'URL', placeholder: 'https://api.example.com/v1/items' }),
    query,
    headers,
    bodyType,
    body,
    auth: z
      .enum(['none', 'bearer', 'basic'])
      .default('none')
      .meta({ label: 'Authentication', description: 'A token typed here is kept in the konnector; to keep it in an encrypted connection instead, use the Web API tool.' }),
    token: z.string().optional().meta({ label: 'Bearer token', secret: true }),
    username: z.string().optional().meta({ label: 'Username' }),
    password: z.string().optional().meta({ label: 'Password', secret: true }),
    timeoutMs,
  })
  .superRefine((v, ctx) => {
    if (v.auth === 'bearer' && !v.token) {
      ctx.addIssue({ code: 'custom', path: ['token'], message: 'A token is required for bearer authentication' });
    }
    if (v.auth === 'basic' && !v.username) {
      ctx.addIssue({ code: 'custom', path: ['username'], message: 'A username is required for basic authentication' });
    }
    checkBody(v, ctx);
  });

export type RequestInput = z.output<typeof requestInput>;

/**
 * Web API: a path on the connection's base URL. Never a full URL, `//host`, or a "." / ".." segment
 * (in any spelling): the connection's credentials must not be sent anywhere but under its own base URL.
 */
export const webApiInput = z
  .object({
    method,
    path: z
      .string()
      .regex(/^\/(?![/\\])[^\s]*$/, 'Enter a path that starts with /, e.g. /v1/items (the host comes from the connection)')
      .refine((path) => !hasDotSegment(path), {
        message: 'A path cannot have "." or ".." segments (also encoded, e.g. %2e%2e): it stays under the connection\'s base URL',
      })
      .meta({ label: 'Path', placeholder: '/v1/items', description: "Joined to the connection's base URL." }),
    query,
    headers,
    bodyType,
    body,
    timeoutMs,
  })
  .superRefine(checkBody);

export type WebApiInput = z.output<typeof webApiInput>;
