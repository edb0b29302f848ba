/**
 * The hook ingress and `next start` answer the same (issue 19): a user's konnectors, made through the
 * API, show hook URLs on the ingress (HOOK_PUBLIC_URL); then the same calls go to the ingress and to the
 * web app's own /hooks/<token> route, each to a konnector of its own, and the answers are compared —
 * status, body (run ids aside) and the headers the answer sets: 202, 404, 413, 400 naming the field,
 * 429 with Retry-After past the konnector's own rate limit, a Respond to Hook answer (run by the real
 * worker) with its sandbox policy, and the 504 when the konnector does not respond in time.
 */
import { expect, test, type APIRequestContext } from '@playwright/test';
import { signUp } from './helpers';

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const COMPARED = ['content-type', 'cache-control', 'retry-after', 'content-security-policy', 'x-content-type-options', 'x-frame-options', 'referrer-policy', 'permissions-policy', 'x-order'];

function comparable(a: Answer) {
  const headers = Object.fromEntries(COMPARED.filter((h) => a.headers[h] !== undefined).map((h) => [h, h === 'retry-after' ? 'present' : a.headers[h]]));
  return { status: a.status, headers, body: a.body.replace(/"runId":"[^"]+"/g, '"runId":"<id>"') };
}

test('the hook ingress answers as next start does, and hook URLs point at it', async ({ page }, info) => {
  test.setTimeout(180_000);
  const ingressUrl = String(info.config.metadata.ingressUrl);
  const workspaceId = await signUp(page, 'Ingrid Ingress', 'ingress');
  const origin = new URL(page.url()).origin;
  const api = page.request;

  /** A konnector with this definition, turned on; its hook token (its URL must be on the ingress). */
  async function hook(definition: object): Promise<string> {
    const made = await api.post(`/api/v1/workspaces/${workspaceId}/konnectors`, { headers: { origin }, data: { name: 'Ingress', definition } });
    expect(made.status(), await made.text()).toBe(201);
    const { id } = (await made.json()) as { id: string };
    const on = await api.post(`/api/v1/workspaces/${workspaceId}/konnectors/${id}/activate`, { headers: { origin } });
    expect(on.status(), await on.text()).toBe(200);
    const { webhookUrl } = (await on.json()) as { webhookUrl: string };
    expect(webhookUrl.startsWith(`${ingressUrl}/hooks/`)).toBe(true);
    return webhookUrl.slice(`${ingressUrl}/hooks/`.length);
  }

  async function call(request: APIRequestContext, url: string, body: string | Buffer, headers: Record<string, string> = { 'content-type': 'application/json' }): Promise<Answer> {
    const res = await request.post(url, { data: body, headers, failOnStatusCode: false });
    return { status: res.status(), headers: res.headers(), body: await res.text() };
  }

  /** The same call to both servers, each with its own konnector; the answers must match. */
  async function both(make: () => Promise<string>, send: (base: string, token: string) => Promise<Answer>): Promise<Answer> {
    const next = await send(origin, await make());
    const ingress = await send(ingressUrl, await make());
    expect(comparable(ingress)).toEqual(comparable(next));
    return next;
  }

  const trigger = (extra: object = {}) => ({ id: 'trigger', connector: 'catch_hook', event: 'catch_hook', input: {}, ...extra });
  const plain = () => hook({ trigger: trigger(), steps: [] });

  expect((await both(plain, (b, t) => call(api, `${b}/hooks/${t}`, JSON.stringify({ name: 'Ada' })))).status).toBe(202);
  expect((await both(async () => 'z'.repeat(43), (b, t) => call(api, `${b}/hooks/${t}`, '{}'))).status).toBe(404);
  expect((await both(plain, (b, t) => call(api, `${b}/hooks/${t}`, JSON.stringify({ blob: 'x'.repeat(300 * 1024) })))).status).toBe(413);
  const nul = await both(plain, (b, t) => call(api, `${b}/hooks/${t}`, JSON.stringify({ customer: { name: 'A\u0000da' } })));
  expect(nul.status).toBe(400);
  expect(nul.body).toContain('body.customer.name');

  const limited = await both(
    () => hook({ trigger: trigger({ rateLimit: { perSecond: 1, burst: 2 } }), steps: [] }),
    async (b, t) => {
      // The burst of 2 goes through, then (a token coming back each second) a 429 within a few calls.
      let last: Answer | undefined;
      for (let i = 0; i < 30 && last?.status !== 429; i++) last = await call(api, `${b}/hooks/${t}`, '{}');
      if (!last) throw new Error('no answer');
      return last;
    },
  );
  expect(limited.status).toBe(429);

  const answered = await both(
    () => hook({ trigger: trigger({ respond: { timeoutSeconds: 30 } }), steps: [{ type: 'respond', id: 'answer', status: 201, headers: { 'X-Order': '{{trigger.order}}' }, body: { kind: 'text', value: '<b>{{trigger.order}}</b>', contentType: 'text/html' } }] }),
    (b, t) => call(api, `${b}/hooks/${t}`, JSON.stringify({ order: 7 })),
  );
  expect(answered.status).toBe(201);
  expect(answered.body).toBe('<b>7</b>');
  expect(answered.headers['content-security-policy']).toBe("default-src 'none'; sandbox");

  // The code step's own limit (1 s by default) must not end the run before the 1 s answer timeout does.
  const late = await both(
    () => hook({ trigger: trigger({ respond: { timeoutSeconds: 1 } }), steps: [{ type: 'code', id: 'slow', source: 'const t = Date.now(); while (Date.now() - t < 3000) {} return {};', timeoutMs: 10_000 }, { type: 'respond', id: 'answer', body: { kind: 'json', value: {} } }] }),
    (b, t) => call(api, `${b}/hooks/${t}`, '{}'),
  );
  expect(late.status).toBe(504);
  expect(late.body).toContain('did not respond within 1 s');
});

test('the Catch Hook panel sets the hook’s own rate limit, kept in the draft', async ({ page }) => {
  test.setTimeout(120_000);
  const workspaceId = await signUp(page, 'Rhea Rate', 'hook-rate');
  const origin = new URL(page.url()).origin;
  const definition = { trigger: { id: 'trigger', connector: 'catch_hook', event: 'catch_hook', input: {} }, steps: [] };
  const made = await page.request.post(`/api/v1/workspaces/${workspaceId}/konnectors`, { headers: { origin }, data: { name: 'Busy sender', definition } });
  expect(made.status(), await made.text()).toBe(201);
  const { id } = (await made.json()) as { id: string };
  await page.goto(`/app/${workspaceId}/konnectors/${id}`);
  await page.getByTestId('builder-canvas').getByRole('button', { name: 'Open Catch Hook' }).click();
  const hookPanel = page.getByRole('complementary', { name: 'Catch Hook settings' });
  const rate = hookPanel.getByRole('region', { name: 'Rate limit' });
  await rate.getByLabel('Calls per second').fill('5');
  await rate.getByLabel('Burst').fill('7');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Save konnector' });
  // A named konnector saves at once; should the builder still ask for a name, confirm it.
  if (await dialog.waitFor({ state: 'visible', timeout: 3000 }).then(() => true, () => false)) await dialog.getByRole('button', { name: 'Save' }).click();
  await expect
    .poll(async () => ((await (await page.request.get(`/api/v1/workspaces/${workspaceId}/konnectors/${id}`)).json()) as { draft: { trigger: { rateLimit?: unknown } } }).draft.trigger.rateLimit, { timeout: 20_000 })
    .toEqual({ perSecond: 5, burst: 7 });
});
