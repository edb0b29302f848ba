/**
 * The code step's escape corpus: published sandbox-escape and expression-injection patterns
 * (constructor walks, stack-trace hooks, caller chains, Symbol and Proxy tricks on returned
 * values, imports, WebAssembly, Atomics, console getters, prototype pollution through the result).
 * Every case must leave the host untouched (no host global, prototype or environment changed)
 * and end as a contained error or a harmless plain-JSON value: 0 escapes.
 */
import { types } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeSandbox, runCode, type SandboxResult } from './sandbox';

const CANARY = 'host-canary-5c1f0e';

/** 'contained': either a contained error or a harmless value will do. */
type Expect = 'error' | 'ok' | 'contained' | ((result: SandboxResult) => void);
type Case = [name: string, source: string, expected: Expect];

const errorKind = (kind: string) => (r: SandboxResult) => expect(r.ok ? 'ok' : r.error.kind).toBe(kind);
const output = (value: Record<string, unknown>) => (r: SandboxResult) => expect(r.ok ? r.output : r.error).toEqual(value);

const CORPUS: Case[] = [
  // Constructor walks to a Function that could see the host.
  ['[].constructor.constructor', "return { p: [].constructor.constructor('return typeof process')() };", output({ p: 'undefined' })],
  ['[].constructor.constructor(return process)()', "return { p: [].constructor.constructor('return process')() };", 'error'],
  ['({}).__proto__.constructor.constructor', "const g = ({}).__proto__.constructor.constructor('return this')();\nreturn { same: g === globalThis, p: typeof g.process, req: typeof g.require };", output({ same: true, p: 'undefined', req: 'undefined' })],
  ['this.constructor.constructor', "return { p: this.constructor.constructor('return typeof process')() };", output({ p: 'undefined' })],
  ['input.constructor.constructor', "return { env: input.constructor.constructor('return typeof process === \"undefined\" ? null : process.env')() };", output({ env: null })],
  ['async function constructor', "const AsyncFunction = Object.getPrototypeOf(async function () {}).constructor;\nreturn { p: await AsyncFunction('return typeof process')() };", output({ p: 'undefined' })],
  ['async function constructor reaching process', "const AsyncFunction = Object.getPrototypeOf(async function () {}).constructor;\nreturn { p: await AsyncFunction('return process.mainModule')() };", 'error'],
  ['generator function constructor', "const Gen = Object.getPrototypeOf(function* () {}).constructor;\nreturn { p: Gen('yield typeof process')().next().value };", output({ p: 'undefined' })],
  ['async generator function constructor', "const AGen = Object.getPrototypeOf(async function* () {}).constructor;\nreturn { p: (await AGen('yield typeof require')().next()).value };", output({ p: 'undefined' })],
  ['Reflect.construct(Function)', "return { p: Reflect.construct(Function, ['return typeof process'])() };", output({ p: 'undefined' })],
  ['Function.prototype.call.call', "return { p: Function.prototype.call.call(Function('return typeof globalThis.process')) };", output({ p: 'undefined' })],
  ['eval', "return { p: eval('typeof process'), g: eval('Object.keys(globalThis)') };", output({ p: 'undefined', g: ['console'] })],
  ['indirect eval of process', "return { p: (0, eval)('process') };", 'error'],
  // Stack-trace hooks and caller chains that reach host frames in V8-based sandboxes.
  ['Error.prepareStackTrace override', "Error.prepareStackTrace = (e, frames) => frames.map((f) => f.getThis && f.getThis());\nconst stack = new Error('x').stack;\nreturn { type: typeof stack, host: String(stack).includes('node:') || String(stack).includes('node_modules') };", output({ type: 'string', host: false })],
  ['Error.captureStackTrace', "const o = {};\nError.captureStackTrace(o);\nreturn { stack: o.stack };", 'error'],
  ['stack text names no host file', "function deep(n) { return n ? deep(n - 1) : new Error('x').stack; }\nconst s = deep(5);\nreturn { host: /node_modules|\\.mjs|\\.ts|\\/work\\//.test(s), lines: s.split('\\n').length > 0 };", output({ host: false, lines: true })],
  ['arguments.callee.caller', "const c = arguments.callee.caller;\nreturn { c: c === null || c === undefined ? null : typeof c };", 'contained'],
  ['function.caller walk', "function f() { return f.caller; }\nfunction g() { return f(); }\nconst c = g();\nreturn { c: c === g || c === null || c === undefined };", 'ok'],
  ['this and globalThis walks', "const seen = [];\nfor (const g of [this, globalThis, Function('return this')()]) seen.push(Object.getOwnPropertyNames(g).filter((k) => /^(process|require|module|Buffer|fetch|setTimeout|global|std|os)$/.test(k)));\nreturn { seen };", output({ seen: [[], [], []] })],
  ['spread and arrow tricks', "const f = (...a) => a.constructor.constructor('return typeof process')();\nconst x = [...'ab'].constructor.constructor('return typeof require')();\nreturn { f: f(), x };", output({ f: 'undefined', x: 'undefined' })],
  ['host globals replaced inside', "globalThis.process = { env: { HACK: 1 } };\nObject.prototype.polluted = 'yes';\nArray.prototype.includes = () => true;\nJSON.stringify = () => '{\"hijacked\":true}';\nObject.getPrototypeOf = () => null;\nreturn { plain: 1 };", output({ plain: 1 })],
  ['Array.isArray replaced to pass an array off as an object', 'Array.isArray = () => false;\nreturn [1, 2];', errorKind('output')],
  // Values handed back to the host.
  ['Symbol.toPrimitive on the result', "return { v: { [Symbol.toPrimitive]() { return 'pwned'; } }, w: Object.assign(Object.create(null), { [Symbol.toPrimitive]: () => 1 }) };", output({ v: {}, w: {} })],
  ['toJSON on the result runs inside', "return { toJSON() { return { replaced: typeof process }; } };", output({ replaced: 'undefined' })],
  ['Object.prototype.toJSON set inside', "Object.prototype.toJSON = function () { return 'evil'; };\nreturn { a: 1 };", errorKind('output')],
  ['toJSON turning the result into an array', 'return { toJSON() { return [1, 2]; } };', errorKind('output')],
  ['getter on the result that never ends', 'return { get x() { while (true) {} } };', 'error'],
  ['getter on the result that throws', "return { get x() { throw new Error('nope'); } };", errorKind('output')],
  ['Symbol.species on an array subclass', "class Evil extends Array { static get [Symbol.species]() { return function () { return globalThis; }; } }\nconst e = new Evil(1, 2, 3);\nlet mapped;\ntry { mapped = e.map((x) => x); } catch (err) { mapped = String(err); }\nreturn { t: typeof mapped };", 'ok'],
  ['Proxy returned to the host', "return new Proxy({}, { ownKeys: () => ['a'], getOwnPropertyDescriptor: () => ({ value: 'p', enumerable: true, configurable: true }), get: () => 'p' });", 'ok'],
  ['Proxy with throwing traps', "return new Proxy({}, { getPrototypeOf() { throw new Error('trap'); }, ownKeys() { throw new Error('trap'); } });", 'error'],
  ['Proxy nested in the result', "return { inner: new Proxy({ a: 1 }, { get: (t, k) => (k === 'a' ? typeof process : undefined) }) };", 'ok'],
  ['huge result', "return { s: 'x'.repeat(2000000) };", errorKind('output')],
  ['recursive result', 'const o = {};\no.self = o;\nreturn o;', errorKind('output')],
  ['deeply nested result', 'let o = {};\nfor (let i = 0; i < 100000; i++) o = { o };\nreturn o;', 'error'],
  ['prototype pollution through __proto__ keys in the result', "return JSON.parse('{\"__proto__\": {\"polluted\": \"yes\"}, \"constructor\": {\"prototype\": {\"polluted2\": \"yes\"}}, \"a\": {\"__proto__\": {\"isAdmin\": true}}}');", 'ok'],
  // Modules, network, WebAssembly, shared memory.
  ["dynamic import('fs')", "const fs = await import('fs');\nreturn { t: typeof fs };", 'error'],
  ["import('os') (QuickJS's own module)", "const os = await import('os');\nreturn { t: typeof os.exec };", 'error'],
  ['require', "return { cp: require('child_process') };", 'error'],
  ['module / process.binding', "return { m: typeof module, b: typeof process.binding };", 'error'],
  ['fetch and XMLHttpRequest', "return { f: typeof fetch, x: typeof XMLHttpRequest, w: typeof WebSocket };", output({ f: 'undefined', x: 'undefined', w: 'undefined' })],
  ['WebAssembly', 'const m = await WebAssembly.compile(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]));\nreturn { m: typeof m };', 'error'],
  ['SharedArrayBuffer and Atomics.wait', "const sab = new SharedArrayBuffer(16);\nconst ia = new Int32Array(sab);\nAtomics.wait(ia, 0, 0, 60000);\nreturn { waited: true };", 'error'],
  ['timers for a timing side channel', "return { t: typeof setTimeout, i: typeof setInterval, q: typeof queueMicrotask, p: typeof performance };", 'ok'],
  // Console arguments read by the host.
  ['console.log with getters', "console.log({ get x() { globalThis.touched = typeof process; return 'g'; } });\nreturn { touched: globalThis.touched };", output({ touched: 'undefined' })],
  ['console.log with a getter that never ends', 'console.log({ get x() { while (true) {} } });\nreturn {};', errorKind('timeout')],
  ['console.log with throwing toJSON and Proxy', "console.log({ toJSON() { throw new Error('bad'); } }, new Proxy({}, { get() { throw new Error('trap'); } }));\nreturn { after: true };", 'ok'],
  ['console.log.constructor', "return { p: console.log.constructor('return typeof process')(), own: Object.getOwnPropertyNames(console.log).sort() };", 'ok'],
  // Thrown values read by the host.
  ['throwing an object whose message getter never ends', 'throw { get message() { while (true) {} } };', 'error'],
  ['throwing a Proxy', "throw new Proxy({}, { get() { throw new Error('trap'); } });", 'error'],
  ['throwing a huge message', "throw new Error('x'.repeat(10000000));", (r) => expect(r.ok ? 0 : r.error.message.length).toBeLessThan(2100)],
  ['logging a huge string', "console.log('y'.repeat(10000000));\nreturn {};", (r) => expect(r.logs[0]?.length).toBeLessThan(1100)],
];

interface HostSnapshot {
  globals: string[];
  objectProto: string[];
  arrayProto: string[];
  functionProto: string[];
  stringProto: string[];
  stringify: typeof JSON.stringify;
  getPrototypeOf: typeof Object.getPrototypeOf;
  isArray: typeof Array.isArray;
  canary: string | undefined;
}

function snapshot(): HostSnapshot {
  return {
    globals: Object.getOwnPropertyNames(globalThis).sort(),
    objectProto: Object.getOwnPropertyNames(Object.prototype).sort(),
    arrayProto: Object.getOwnPropertyNames(Array.prototype).sort(),
    functionProto: Object.getOwnPropertyNames(Function.prototype).sort(),
    stringProto: Object.getOwnPropertyNames(String.prototype).sort(),
    stringify: JSON.stringify,
    getPrototypeOf: Object.getPrototypeOf,
    isArray: Array.isArray,
    canary: process.env.KONNECT_SANDBOX_CANARY,
  };
}

/** A harmless value: plain JSON data all the way down, no getters, no proxies, no host secrets. */
function assertHarmless(value: unknown, path = 'output'): void {
  if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) {
    if (typeof value === 'string') expect(value, path).not.toContain(CANARY);
    return;
  }
  expect(typeof value, path).toBe('object');
  expect(types.isProxy(value), `${path} is a Proxy`).toBe(false);
  const proto: unknown = Object.getPrototypeOf(value);
  expect(proto === Object.prototype || proto === Array.prototype, `${path} prototype`).toBe(true);
  for (const [key, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(value))) {
    expect('value' in descriptor, `${path}.${key} is a data property`).toBe(true);
    assertHarmless(descriptor.value, `${path}.${key}`);
  }
  expect(Object.getOwnPropertySymbols(value), path).toEqual([]);
}

let before: HostSnapshot;
beforeAll(() => {
  process.env.KONNECT_SANDBOX_CANARY = CANARY;
  before = snapshot();
});
afterAll(async () => {
  delete process.env.KONNECT_SANDBOX_CANARY;
  await closeSandbox();
});

/**
 * Ample for every case that finishes (the slowest take a few tens of ms, a few hundred on a busy
 * machine), so a busy machine cannot turn an expected value or error into a timeout; the cases
 * that never finish end at it.
 */
const TIME_LIMIT_MS = 3000;

describe('code sandbox: escape corpus', () => {
  it.each(CORPUS)('%s: contained, host untouched', async (_name, source, expected) => {
    const result = await runCode({ source, input: { trigger: { secret: CANARY.slice(0, 4) }, steps: {} }, timeoutMs: TIME_LIMIT_MS });
    // The host is unaffected…
    expect(snapshot()).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    expect(([] as unknown as Record<string, unknown>).includes).toBe(Array.prototype.includes);
    // …and the result is a contained error or plain data.
    if (result.ok) {
      assertHarmless(result.output);
      expect(JSON.parse(JSON.stringify(result.output))).toEqual(result.output);
    } else {
      expect(['syntax', 'runtime', 'timeout', 'memory', 'stack', 'output']).toContain(result.error.kind);
      expect(result.error.message.length).toBeLessThanOrEqual(4100);
      expect(result.error.message).not.toContain(CANARY);
    }
    for (const line of result.logs) expect(line).not.toContain(CANARY);
    if (expected === 'error') expect(result.ok, JSON.stringify(result)).toBe(false);
    else if (expected === 'ok') expect(result.ok, JSON.stringify(result)).toBe(true);
    else if (expected !== 'contained') expected(result);
  }, 15_000);

  it('has at least 40 cases, and a normal step still runs after all of them', async () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(40);
    expect(await runCode({ source: 'return { sum: input.a + input.b };', input: { a: 1, b: 2 }, timeoutMs: TIME_LIMIT_MS })).toEqual({ ok: true, output: { sum: 3 }, logs: [] });
  });

  it('a result with __proto__ keys arrives as own data: no prototype is set, nothing is polluted', async () => {
    const result = await runCode({ source: "return JSON.parse('{\"__proto__\": {\"isAdmin\": true}, \"n\": 1}');", input: {}, timeoutMs: TIME_LIMIT_MS });
    if (!result.ok) throw new Error(result.error.message);
    expect(Object.getPrototypeOf(result.output)).toBe(Object.prototype);
    expect(Object.hasOwn(result.output, '__proto__')).toBe(true);
    expect((result.output as { isAdmin?: unknown }).isAdmin).toBeUndefined();
    const copy = { ...result.output };
    expect((copy as { isAdmin?: unknown }).isAdmin).toBeUndefined();
    expect(({} as { isAdmin?: unknown }).isAdmin).toBeUndefined();
  });
});
