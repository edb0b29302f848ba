import type { RequestInput } from './input';

export interface EncodedBody {
  body?: string;
  contentType?: string;
}

function formBody(body: unknown): string {
  if (typeof body === 'string') return body;
  const params = new URLSearchParams();
  if (typeof body === 'object' && body !== null) {
    for (const [name, value] of Object.entries(body)) {
      if (value === null || value === undefined) continue;
      if (Array.isArray(value)) for (const item of value) params.append(name, String(item));
      else params.append(name, String(value));
    }
  }
  return params.toString();
}

/** The request body as text with its content type, from the body type the user chose. */
export function encodeBody(input: Pick<RequestInput, 'bodyType' | 'body'>): EncodedBody {
  const { bodyType, body } = input;
  switch (bodyType) {
    case 'none':
      return {};
    case 'json':
      return { body: typeof body === 'string' ? body : JSON.stringify(body ?? null), contentType: 'application/json' };
    case 'form':
      return { body: formBody(body), contentType: 'application/x-www-form-urlencoded' };
    case 'text':
      return {
        body: body === undefined || body === null ? '' : typeof body === 'string' ? body : JSON.stringify(body),
        contentType: 'text/plain; charset=utf-8',
      };
  }
}
