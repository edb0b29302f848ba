import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseCliArgs } from './cli';

const BIN = fileURLToPath(new URL('../bin/custify-sim.mjs', import.meta.url));

describe('CLI arguments', () => {
  it('parses every flag', () => {
    expect(parseCliArgs(['--port', '4010', '--seed', 'empty', '--events', '--api-key', 'a', '--api-key', 'b', '--host', '0.0.0.0'])).toEqual({
      port: 4010,
      host: '0.0.0.0',
      seed: 'empty',
      apiKeys: ['a', 'b'],
      events: { intervalMs: 5000 },
      latencyMs: 0,
    });
    expect(parseCliArgs(['--events-interval', '250'])).toMatchObject({ events: { intervalMs: 250 }, apiKeys: ['demo-custify-key'], seed: 'demo' });
    expect(parseCliArgs([])).toMatchObject({ port: 4010, events: false });
    expect(parseCliArgs(['--help'])).toBe('help');
  });

  it('names the bad flag', () => {
    expect(() => parseCliArgs(['--port', '99999'])).toThrow(/--port must be an integer from 0 to 65535/);
    expect(() => parseCliArgs(['--seed', 'huge'])).toThrow(/--seed must be one of demo, empty/);
    expect(() => parseCliArgs(['--events-interval', '5'])).toThrow(/--events-interval/);
    expect(() => parseCliArgs(['--bogus'])).toThrow(/bogus/);
  });
});

describe('bin/custify-sim.mjs', () => {
  it('starts, prints the URL and key, serves, and exits cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, [BIN, '--port', '0', '--seed', 'empty'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL printed: ${out}`)), 8000);
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const match = /listening on (http:\/\/\S+)/.exec(out);
        if (match?.[1] && out.includes('API key: demo-custify-key')) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
    });
    const res = await fetch(`${url}/people/all`, { headers: { authorization: 'Bearer demo-custify-key' } });
    expect(await res.json()).toEqual([{ people: [], total: 0, page: 1, pages: 0 }]);
    const code = await new Promise<number | null>((resolve) => {
      child.on('exit', (c) => resolve(c));
      child.kill('SIGTERM');
    });
    expect(code).toBe(0);
  }, 15_000);
});
