/**
 * How bench/webhook-path.ts gets its konnectors: as a user would, over HTTP against the running
 * web app. It signs up (POST /api/v1/auth/signup), signs in with next-auth's credentials form
 * (CSRF token, then the session cookie), creates an API token (Settings → API tokens), and from
 * then on uses only `/api/v1` with `Authorization: Bearer kn_…`: create each konnector with its
 * definition, turn it on (which publishes it), and take its hook token from the URL it answers.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';

/** The body the n8n harness posts (post.lua), so the two shapes' steps can be checked against it. */
export const BENCH_BODY = { id: 123, name: '  Alice Example ', score: 7, tags: ['x', 'y', 'z'] } as const;

export type Shape = 'a' | 'b';
export type SetStyle = 'formatter' | 'code';

/**
 * The Catch Hook trigger; `hookRate` sets the konnector's own hook rate limit (`rateLimit`, calls
 * per second, burst twice that) where the product has that setting (a build without it drops the
 * key, and createShape says so).
 */
const catchHook = (hookRate: number | null) => ({
  id: 'trigger',
  connector: 'catch_hook',
  event: 'catch_hook',
  input: {},
  ...(hookRate ? { rateLimit: { perSecond: hookRate, burst: 2 * hookRate } } : {}),
});

/** What n8n's Code node in bench-b.json builds, as a code step (`input.trigger` is the hook's JSON body). */
const CODE_B = `const b = input.trigger || {};
const tags = Array.isArray(b.tags) ? b.tags.map((t) => String(t).toUpperCase()) : [];
return {
  id: b.id,
  name: String(b.name || '').trim().toLowerCase(),
  score: b.score,
  grade: b.score >= 8 ? 'A' : 'B',
  tags,
  tagCount: tags.length,
  processedAt: new Date().toISOString(),
};`;

/**
 * A: n8n's "Edit Fields (Set)" keeps id, name and score from the body. Konnect has no "set fields"
 * step; its read-only built-in for that is the Formatter (one field per step: Number "parse" for id
 * and score, Text "trim" for name), or a code step returning the three fields (`--set code`).
 */
function shapeA(trigger: object, style: SetStyle): object {
  if (style === 'code') {
    return { trigger, steps: [{ type: 'code', id: 'set', source: 'const b = input.trigger; return { id: b.id, name: b.name, score: b.score };' }] };
  }
  return {
    trigger,
    steps: [
      { type: 'action', id: 'id', connector: 'formatter', action: 'number', input: { operation: 'parse', value: '{{trigger.id}}' } },
      { type: 'action', id: 'name', connector: 'formatter', action: 'text', input: { operation: 'trim', value: '{{trigger.name}}' } },
      { type: 'action', id: 'score', connector: 'formatter', action: 'number', input: { operation: 'parse', value: '{{trigger.score}}' } },
    ],
  };
}

/** B: n8n's IF score > 5 → Code → HTTP Request POST of the code's object as JSON to the stub. */
function shapeB(trigger: object, stubUrl: string): object {
  return {
    trigger,
    steps: [
      { type: 'filter', id: 'score_over_5', conditions: { all: [{ left: '{{trigger.score}}', op: 'gt', right: '5' }] } },
      { type: 'code', id: 'shape', source: CODE_B },
      { type: 'action', id: 'post', connector: 'http', action: 'request', input: { method: 'POST', url: `${stubUrl}/sink`, bodyType: 'json', body: '{{steps.shape}}' } },
    ],
  };
}

/** Step records a run of each shape writes when it succeeds (one per step). */
export function stepsPerRun(shape: Shape, style: SetStyle): number {
  return shape === 'b' ? 3 : style === 'code' ? 1 : 3;
}

export class Api {
  constructor(
    readonly base: string,
    private readonly auth: { cookie?: string; token?: string } = {},
  ) {}

  async call<T>(method: string, pathname: string, body?: unknown, schema?: z.ZodType<T>): Promise<T> {
    const headers: Record<string, string> = { origin: this.base };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.auth.cookie) headers.cookie = this.auth.cookie;
    if (this.auth.token) headers.authorization = `Bearer ${this.auth.token}`;
    const res = await fetch(`${this.base}${pathname}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}), redirect: 'manual' });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${pathname}: ${res.status} ${text.slice(0, 2000)}`);
    const json: unknown = text ? JSON.parse(text) : null;
    return schema ? schema.parse(json) : (json as T);
  }
}

function cookiesOf(res: Response): string {
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0] ?? '')
    .filter(Boolean)
    .join('; ');
}

/** A new user (sign-up), signed in, with an API token of their own workspace (all scopes). */
export async function signUpWithToken(base: string): Promise<{ api: Api; workspaceId: string }> {
  const email = `bench-${randomBytes(4).toString('hex')}@example.test`;
  const password = randomBytes(12).toString('base64url');
  await new Api(base).call('POST', '/api/v1/auth/signup', { name: 'Webhook Bench', email, password });

  const csrfRes = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = z.object({ csrfToken: z.string() }).parse(await csrfRes.json());
  const signIn = await fetch(`${base}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookiesOf(csrfRes), origin: base },
    body: new URLSearchParams({ csrfToken, email, password, json: 'true' }).toString(),
  });
  const cookie = cookiesOf(signIn);
  if (!/session-token=/.test(cookie)) throw new Error(`sign-in gave no session cookie (${signIn.status} ${(await signIn.text()).slice(0, 500)})`);

  const session = new Api(base, { cookie });
  const workspaces = await session.call('GET', '/api/v1/workspaces', undefined, z.array(z.object({ id: z.string() })).min(1));
  const workspaceId = workspaces[0]?.id ?? '';
  const created = await session.call('POST', `/api/v1/workspaces/${workspaceId}/tokens`, { name: 'webhook bench', scopes: ['read', 'write', 'run'], expiresInDays: 30 }, z.object({ token: z.string().startsWith('kn_') }));
  return { api: new Api(base, { token: created.token }), workspaceId };
}

const Konnector = z.object({ draft: z.object({ trigger: z.object({ rateLimit: z.object({ perSecond: z.number() }).optional() }) }) });

/**
 * `count` active konnectors of `shape`; returns their ids, hook tokens, and whether the product kept
 * the hook rate limit asked for (false: this build has no per-konnector limit, its default applies).
 */
export async function createShape(
  api: Api,
  workspaceId: string,
  shape: Shape,
  count: number,
  opts: { style: SetStyle; stubUrl: string; hookRate: number | null },
): Promise<{ ids: string[]; tokens: string[]; hookRateKept: boolean }> {
  const trigger = catchHook(opts.hookRate);
  const definition = shape === 'a' ? shapeA(trigger, opts.style) : shapeB(trigger, opts.stubUrl);
  const ids: string[] = [];
  const tokens: string[] = [];
  let hookRateKept = opts.hookRate !== null;
  for (let i = 0; i < count; i++) {
    const name = `bench ${shape.toUpperCase()} ${i + 1}`;
    const { id } = await api.call('POST', `/api/v1/workspaces/${workspaceId}/konnectors`, { name, definition }, z.object({ id: z.string() }));
    const on = await api.call('POST', `/api/v1/workspaces/${workspaceId}/konnectors/${id}/activate`, {}, z.object({ webhookUrl: z.string().url() }));
    const token = /\/hooks\/([^/?#]+)$/.exec(new URL(on.webhookUrl).pathname)?.[1];
    if (!token) throw new Error(`${name}: activation answered no hook URL (${on.webhookUrl})`);
    const saved = await api.call('GET', `/api/v1/workspaces/${workspaceId}/konnectors/${id}`, undefined, Konnector);
    if (saved.draft.trigger.rateLimit?.perSecond !== opts.hookRate) hookRateKept = false;
    ids.push(id);
    tokens.push(decodeURIComponent(token));
  }
  return { ids, tokens, hookRateKept };
}
