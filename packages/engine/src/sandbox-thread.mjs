// @ts-check
/**
 * Entry of a sandbox worker thread (see sandbox-pool.ts). Loads the QuickJS module once,
 * says `ready`, then runs one request at a time: JSON text and numbers in, a RunReply out.
 * Each request gets a fresh context (in a runtime reused for up to RUNTIME_USES successful
 * executions; see sandbox-runner.mjs), prepared while the thread was idle and disposed of after
 * the reply is sent, which keeps both off the request's critical path.
 * It talks over the MessagePort handed over in workerData, so that the host can still
 * read a reply sent just before the hard deadline; the host terminates this thread when
 * a request outlives that deadline.
 */
import { MessagePort, workerData } from 'node:worker_threads';
import { disposeExecution, prepareExecution, runExecution } from './sandbox-runner.mjs';

/** @typedef {import('./sandbox-protocol').RunRequest} RunRequest */

/** The pool's channel, handed over in workerData. */
const channel = /** @type {{ port?: unknown } | null} */ (workerData)?.port;
if (!(channel instanceof MessagePort)) throw new Error('sandbox-thread.mjs runs only as a sandbox pool thread');
const port = channel;

/**
 * A request as sent by the pool, or a description of what is wrong with it.
 * @param {unknown} message
 * @returns {{ id: number, request: RunRequest } | { id: number, problem: string }}
 */
function readMessage(message) {
  const m = /** @type {{ id?: unknown, request?: Record<string, unknown> } | null} */ (typeof message === 'object' ? message : null);
  const id = typeof m?.id === 'number' ? m.id : -1;
  const r = m?.request;
  if (!r || typeof r !== 'object') return { id, problem: 'request is missing' };
  for (const field of ['source', 'inputJson']) if (typeof r[field] !== 'string') return { id, problem: `request.${field} must be a string` };
  for (const field of ['timeoutMs', 'memoryLimitBytes', 'maxStackBytes']) {
    const value = r[field];
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) return { id, problem: `request.${field} must be a positive number` };
  }
  return { id, request: /** @type {RunRequest} */ (/** @type {unknown} */ (r)) };
}

let next = prepareExecution();
/** Requests are handled strictly one after another (the pool sends one at a time anyway). */
let chain = Promise.resolve();

/** @param {unknown} message */
async function handle(message) {
  const read = readMessage(message);
  if ('problem' in read) {
    port.postMessage({ type: 'result', id: read.id, reply: { ok: false, logs: [], error: { kind: 'input', message: `Code sandbox received a bad request: ${read.problem}` } } });
    return;
  }
  const execution = await next;
  const reply = runExecution(execution, read.request);
  port.postMessage({ type: 'result', id: read.id, reply });
  disposeExecution(execution);
  next = prepareExecution();
  await next;
}

await next;
port.on('message', (message) => {
  chain = chain.then(() => handle(message));
});
port.postMessage({ type: 'ready' });
