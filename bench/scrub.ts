/**
 * The cost of redacting an action's output on the run path, per action step. Since action outputs
 * are scrubbed before later steps see them (the engine's `redactOutput`) and the scrubber looks
 * for more spellings of each secret (base64, JSON-escaped). This compares, for one Custify-like
 * connection:
 *
 * - before: the record's output scrubbed once as JSON text (`scrub.json`), with the three
 *   spellings the scrubber knew (raw, URL-encoded, form-encoded) — a faithful copy of that code;
 * - after: `scrub.value(output)` (redactOutput), whose JSON text the record then reuses
 *   (`cleanJson`), with the spellings of `secretSpellings`.
 *
 * Both make the record's JSON once. Rounds alternate
 * before/after and the fastest round of each counts, so a busy machine blurs less.
 *
 * Run: pnpm --filter @konnect/bench scrub   (OUTPUT_BYTES, ITERATIONS, ROUNDS)
 */
import { connectionSecretValues, defineConnector, type ApiKeyAuth } from '@konnect/sdk';
import { secretScrubber } from '@konnect/platform';
import { z } from 'zod';

const OUTPUT_BYTES = Number(process.env.OUTPUT_BYTES ?? 1000);
const ITERATIONS = Number(process.env.ITERATIONS ?? 20000);
const ROUNDS = Number(process.env.ROUNDS ?? 7);

const fields = z.object({ apiKey: z.string().meta({ label: 'API key', secret: true }), baseUrl: z.string().meta({ label: 'Base URL' }) });
const auth: ApiKeyAuth<typeof fields> = {
  kind: 'apiKey',
  fields,
  http: (a) => ({ baseURL: a.baseUrl, headers: { Authorization: `Bearer ${a.apiKey}`, 'Content-Type': 'application/json' } }),
  validate: async () => ({}),
};
const connector = defineConnector({ key: 'bench', name: 'Bench', description: '', category: 'app', icon: '', auth, triggers: [], actions: [] });
const secrets = connectionSecretValues(connector, { apiKey: 'sk_live_0123456789abcdef0123', baseUrl: 'https://api.custify.com' });

/** A created note as an app answers it, padded to about OUTPUT_BYTES of JSON. */
function output(i: number): Record<string, unknown> {
  const base = { id: `note_${i}`, subject: `Order ${i}`, created_at: '2026-12-07T06:00:00.000Z', person: { id: `p_${i}`, email: `ada${i}@example.com` }, tags: ['a', 'b'] };
  const pad = Math.max(0, OUTPUT_BYTES - JSON.stringify(base).length - 12);
  return { ...base, body: 'lorem ipsum '.repeat(Math.ceil(pad / 12)).slice(0, pad) };
}

/** The scrubber as it was before (three spellings, JSON text only): the reference. */
function previousScrubber(list: readonly string[]): { json(text: string): string } {
  const spellings = (s: string) => [s, encodeURIComponent(s), new URLSearchParams({ s }).toString().slice(2)];
  const plain = [...new Set(list.filter((s) => s.length >= 4).flatMap(spellings))].sort((a, b) => b.length - a.length);
  const inJson = [...new Set(plain.map((s) => JSON.stringify(s).slice(1, -1)))].sort((a, b) => b.length - a.length);
  return {
    json(text) {
      let out = text;
      for (const needle of inJson) if (out.includes(needle)) out = out.split(needle).join('[redacted]');
      if (out === text) return text;
      JSON.parse(out);
      return out;
    },
  };
}

const outputs = Array.from({ length: 256 }, (_, i) => output(i));
let sink = 0;

function before(): number {
  const scrub = previousScrubber(secrets);
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < ITERATIONS; i++) sink += scrub.json(JSON.stringify(outputs[i & 255])).length;
  return Number(process.hrtime.bigint() - t0) / ITERATIONS;
}

function after(): number {
  const scrub = secretScrubber(secrets);
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < ITERATIONS; i++) {
    const seen = scrub.value(outputs[i & 255]);
    // As the checkpoint store does: the JSON of an output known clean is reused, not made and scanned again.
    sink += (scrub.cleanJson(seen) ?? scrub.json(JSON.stringify(seen))).length;
  }
  return Number(process.hrtime.bigint() - t0) / ITERATIONS;
}

const best = { before: Infinity, after: Infinity };
for (let round = 0; round < ROUNDS; round++) {
  best.before = Math.min(best.before, before());
  best.after = Math.min(best.after, after());
}
console.log(`secrets: ${secrets.length} values (${secrets.map((s) => s.length).join(', ')} chars); output ≈ ${JSON.stringify(outputs[0]).length} bytes of JSON; ${ITERATIONS} outputs x ${ROUNDS} rounds`);
console.log(`per action output: before ${(best.before / 1000).toFixed(2)} µs, after ${(best.after / 1000).toFixed(2)} µs (+${((best.after - best.before) / 1000).toFixed(2)} µs)`);
if (sink === 0) console.log('');
