import { z } from 'zod';
import type { ApiKeyAuth } from '@konnect/sdk';
import { bindAuth } from '@konnect/sdk';
import { ENDPOINTS } from './endpoints';
import { callEndpoint } from './request';

export const DEFAULT_BASE_URL = 'https://api.custify.com';

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

const fields = z.object({
  apiKey: z
    .string()
    .trim()
    .min(1, 'API Key is required')
    .meta({
      label: 'API Key',
      description: 'A Custify API key (Custify → Settings → Developer). Sent as a Bearer token.',
      secret: true,
    }),
  baseUrl: z
    .string()
    .trim()
    .refine((v) => v === '' || isHttpUrl(v), 'Base URL must be an http(s) URL, e.g. https://api.custify.com')
    .optional()
    .meta({
      label: 'Base URL',
      description:
        'Leave empty for https://api.custify.com. Set it for the EU cluster (your Custify EU API URL), or to the local Custify simulator (e.g. http://127.0.0.1:4010).',
      placeholder: DEFAULT_BASE_URL,
    }),
});

export type CustifyAuthValue = z.infer<typeof fields>;

export function baseUrlOf(auth: CustifyAuthValue): string {
  const raw = auth.baseUrl?.trim() || DEFAULT_BASE_URL;
  return raw.replace(/\/+$/, '');
}

export const custifyAuth: ApiKeyAuth<typeof fields> = {
  kind: 'apiKey',
  fields,
  http(auth) {
    return {
      baseURL: baseUrlOf(auth),
      headers: {
        Authorization: `Bearer ${auth.apiKey}`,
        'Content-Type': 'application/json',
        Accept: 'application/json',
      },
    };
  },
  async validate({ auth, http }) {
    await callEndpoint(http, ENDPOINTS.listPeople, { params: { page: 1, itemsPerPage: 1 } });
    return { account: new URL(baseUrlOf(auth)).host };
  },
};

/** `action` / `trigger` with the Custify auth type bound once. */
export const { action, trigger } = bindAuth(custifyAuth);
