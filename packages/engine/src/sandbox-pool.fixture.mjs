// @ts-check
/**
 * A stand-in sandbox thread for sandbox-pool.test.ts: it speaks the pool's protocol and
 * misbehaves on request (`request.source` names the behaviour), to exercise the pool's
 * handling of hangs, heap exhaustion, crashes and bad replies without QuickJS.
 */
import { MessagePort, workerData } from 'node:worker_threads';

/** The pool's channel, handed over in workerData. */
const channel = /** @type {{ port?: unknown } | null} */ (workerData)?.port;
if (!(channel instanceof MessagePort)) throw new Error('sandbox-pool.fixture.mjs runs only as a sandbox pool thread');
const port = channel;

/** @type {Record<string, (id: number, inputJson: string) => void>} */
const behaviours = {
  echo: (id, inputJson) => port.postMessage({ type: 'result', id, reply: { ok: true, outputJson: inputJson, logs: [] } }),
  spin: () => {
    for (;;);
  },
  grow: () => {
    const keep = [];
    for (;;) keep.push(new Array(10_000).fill({ a: 1 }));
  },
  exit: () => process.exit(3),
  garbage: (id) => port.postMessage({ type: 'result', id, reply: { ok: 'yes' } }),
};

port.on('message', (/** @type {{ id: number, request: { source: string, inputJson: string } }} */ message) => {
  const behaviour = behaviours[message.request.source];
  if (!behaviour) throw new Error(`unknown behaviour ${message.request.source}`);
  behaviour(message.id, message.request.inputJson);
});
port.postMessage({ type: 'ready' });
