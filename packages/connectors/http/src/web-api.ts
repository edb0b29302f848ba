/**
 * Web API: any HTTP API whose credentials live in a connection (stored encrypted, per workspace,
 * never shown again) instead of in the konnector: a base URL and a bearer token, basic auth, or an
 * API key in a header of its choosing. Its one action sends a request to a path on that base URL.
 */
import { z } from 'zod';
import { bindAuth, defineConnector, isConnectorError, type ApiKeyAuth } from '@konnect/sdk';
import { icon } from './icon';
import { HEADER_NAME, webApiInput } from './input';
import { send } from './send';

const fields = z
  .object({
    baseUrl: z
      .url({ protocol: /^https?$/, message: 'Enter a full http:// or https:// URL' })
      .meta({ label: 'Base URL', placeholder: 'https://api.example.com/v1', description: 'Every request of this connection goes to a path under it.' }),
    scheme: z
      .enum(['bearer', 'basic', 'header'])
      .default('bearer')
      .meta({ label: 'Authentication', description: 'bearer: Authorization: Bearer <token>; basic: username and password; header: an API key in a header you name.' }),
    token: z.string().optional().meta({ label: 'Bearer token', secret: true }),
    username: z.string().optional().meta({ label: 'Username' }),
    password: z.string().optional().meta({ label: 'Password', secret: true }),
    headerName: z.string().regex(HEADER_NAME, 'Header names are letters, digits and - _ . only').optional().meta({ label: 'Header name', placeholder: 'X-Api-Key' }),
    headerValue: z.string().regex(/^[^\r\n]*$/, 'Header values cannot contain line breaks').optional().meta({ label: 'Header value', secret: true }),
  })
  .superRefine((v, ctx) => {
    if (v.scheme === 'bearer' && !v.token) ctx.addIssue({ code: 'custom', path: ['token'], message: 'A token is required for bearer authentication' });
    if (v.scheme === 'basic' && !v.username) ctx.addIssue({ code: 'custom', path: ['username'], message: 'A username is required for basic authentication' });
    if (v.scheme === 'header' && !v.headerName) ctx.addIssue({ code: 'custom', path: ['headerName'], message: 'Name the header the API key goes in, e.g. X-Api-Key' });
    if (v.scheme === 'header' && !v.headerValue) ctx.addIssue({ code: 'custom', path: ['headerValue'], message: 'The API key (header value) is required' });
  });

type WebApiAuthValue = z.output<typeof fields>;

/** The header carrying the credentials. */
function credentials(auth: WebApiAuthValue): Record<string, string> {
  if (auth.scheme === 'basic') return { Authorization: `Basic ${Buffer.from(`${auth.username ?? ''}:${auth.password ?? ''}`).toString('base64')}` };
  if (auth.scheme === 'header') return auth.headerName ? { [auth.headerName]: auth.headerValue ?? '' } : {};
  return { Authorization: `Bearer ${auth.token ?? ''}` };
}

export const webApiAuth: ApiKeyAuth<typeof fields> = {
  kind: 'apiKey',
  fields,
  http: (auth) => ({ baseURL: auth.baseUrl, headers: credentials(auth) }),
  /** "Test connection": a GET of the base URL. Refused credentials (401, 403) fail; any other answer means the API is there. */
  async validate({ auth, http }) {
    try {
      await http.request({ method: 'GET', url: '/', timeoutMs: 15_000, secrets: Object.values(credentials(auth)) });
    } catch (err) {
      if (isConnectorError(err) && err.status !== undefined && err.kind !== 'auth' && err.kind !== 'forbidden') return { account: new URL(auth.baseUrl).host };
      throw err;
    }
    return { account: new URL(auth.baseUrl).host };
  },
};

const { action } = bindAuth(webApiAuth);

export const webApiRequest = action({
  key: 'request',
  name: 'API Request',
  description: "Sends a request to a path on the connection's base URL, with its credentials, and returns status, headers and body. Fails on a non-2xx answer.",
  input: webApiInput,
  async run({ input, auth, http, signal }) {
    // The derived header (e.g. Basic's base64) is redacted from failures along with the connection's own secret fields.
    return send(http, { ...input, url: input.path, secrets: Object.values(credentials(auth)), ...(signal ? { signal } : {}) });
  },
});

export const webApiConnector = defineConnector({
  key: 'web_api',
  name: 'Web API',
  description: 'Call an API with credentials kept in a connection (encrypted, never shown again): bearer token, basic auth or an API-key header.',
  category: 'tool',
  icon,
  auth: webApiAuth,
  triggers: [],
  actions: [webApiRequest],
});

