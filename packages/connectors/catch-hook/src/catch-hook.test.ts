import { describeConnector, runSample } from '@konnect/sdk';
import { describe, expect, it } from 'vitest';
import { catchHookConnector } from './index';
import { catchHook } from './catch-hook';

const parse = (body: unknown, headers: Record<string, string> = {}, query: Record<string, string> = {}) => {
  if (catchHook.kind !== 'webhook') throw new Error('expected a webhook trigger');
  const events = catchHook.parse({ body, headers, query });
  expect(events).toHaveLength(1);
  const [event] = events;
  if (!event) throw new Error('no event');
  return event;
};

describe('Catch Hook: parse', () => {
  it('uses a JSON body object as the data and the Idempotency-Key header as the key', () => {
    const event = parse({ name: 'Ada', tags: ['a'] }, { 'Idempotency-Key': ' order-17 ', 'content-type': 'application/json' });
    expect(event.key).toBe('order-17');
    expect(event.data).toEqual({ name: 'Ada', tags: ['a'] });
    expect(Number.isNaN(Date.parse(event.occurredAt ?? ''))).toBe(false);
  });

  it('finding 10: a form body left as text keeps __proto__, constructor and toString as ordinary keys', () => {
    const event = parse('__proto__=x&__proto__=y&constructor=c&toString=t&name=Ada', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(Object.hasOwn(event.data, '__proto__')).toBe(true);
    expect(JSON.stringify(event.data)).toBe('{"__proto__":["x","y"],"constructor":"c","toString":"t","name":"Ada"}');
    expect(Object.getPrototypeOf(event.data)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).name).toBeUndefined();
  });

  it('gives each call without a key its own new id', () => {
    const a = parse({ x: 1 });
    const b = parse({ x: 1 });
    expect(a.key).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.key).not.toBe(b.key);
  });

  it('hashes an over-long caller key', () => {
    const event = parse({}, { 'idempotency-key': 'k'.repeat(500) });
    expect(event.key).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(parse({}, { 'idempotency-key': 'k'.repeat(500) }).key).toBe(event.key);
  });

  it('adds the query string when there is one', () => {
    expect(parse({ a: 1 }, {}, { source: 'crm' }).data).toEqual({ a: 1, query: { source: 'crm' } });
    expect(parse({ a: 1 }, {}, {}).data).toEqual({ a: 1 });
  });

  it('wraps bodies that are not objects', () => {
    expect(parse([1, 2]).data).toEqual({ body: [1, 2] });
    expect(parse('hello', { 'content-type': 'text/plain' }).data).toEqual({ body: 'hello' });
    expect(parse(42).data).toEqual({ body: 42 });
    expect(parse(undefined).data).toEqual({});
  });

  it('decodes raw JSON and form bodies by their content type', () => {
    expect(parse('{"a":{"b":2}}', { 'Content-Type': 'application/json; charset=utf-8' }).data).toEqual({ a: { b: 2 } });
    expect(parse('a=1&b=x+y&a=2', { 'content-type': 'application/x-www-form-urlencoded' }).data).toEqual({ a: ['1', '2'], b: 'x y' });
    expect(parse(new TextEncoder().encode('{"n":1}'), { 'content-type': 'application/json' }).data).toEqual({ n: 1 });
    expect(parse('{not json', { 'content-type': 'application/json' }).data).toEqual({ body: '{not json' });
  });
});

describe('Catch Hook: sample and catalogue', () => {
  it('samples the last caught payload, or an explanatory example', async () => {
    const last = await runSample({ connector: catchHookConnector, triggerKey: 'catch_hook', auth: undefined, input: { samplePayload: { email: 'a@x.io', n: 1 } } });
    expect(last.records).toEqual([{ email: 'a@x.io', n: 1 }]);
    expect(last.fields.map((f) => f.path)).toEqual(['email', 'n']);
    const example = await runSample({ connector: catchHookConnector, triggerKey: 'catch_hook', auth: undefined, input: {} });
    expect(example.fields.map((f) => f.path)).toContain('message');
    const empty = await runSample({ connector: catchHookConnector, triggerKey: 'catch_hook', auth: undefined, input: { samplePayload: {} } });
    expect(empty).toEqual({ records: [{}], fields: [] });
  });

  it('rejects a sample payload that is not an object, naming the field', async () => {
    await expect(
      runSample({ connector: catchHookConnector, triggerKey: 'catch_hook', auth: undefined, input: { samplePayload: 'x' } }),
    ).rejects.toMatchObject({ kind: 'config', message: expect.stringContaining('samplePayload') });
  });

  it('is a tool without auth, with an SVG icon', () => {
    const entry = describeConnector(catchHookConnector);
    expect(entry).toMatchObject({ key: 'catch_hook', category: 'tool', auth: { kind: 'none' } });
    expect(entry.icon.startsWith('<svg')).toBe(true);
    expect(entry.triggers).toEqual([expect.objectContaining({ key: 'catch_hook', kind: 'webhook', name: 'Catch Hook' })]);
  });
});
