import { describe, expect, it } from 'vitest';
import { startSimulator } from './server';
import { call } from './testing';

describe('startSimulator', () => {
  it('answers an in-flight slow request and closes promptly', async () => {
    const sim = await startSimulator({ seed: 'empty' });
    const pending = call(sim, 'GET', '/people/all', { key: 'sim-slow-5000' });
    await new Promise((r) => setTimeout(r, 50));
    const started = performance.now();
    await sim.close();
    expect((await pending).status).toBe(200);
    expect(performance.now() - started).toBeLessThan(1000);
    await sim.close(); // idempotent
  });

  it('adds latencyMs to every API answer and accepts custom keys', async () => {
    const sim = await startSimulator({ seed: 'empty', latencyMs: 80, apiKeys: ['k-1'] });
    try {
      const started = performance.now();
      expect((await call(sim, 'GET', '/tag', { key: 'k-1' })).status).toBe(200);
      expect(performance.now() - started).toBeGreaterThanOrEqual(70);
      expect((await call(sim, 'GET', '/tag')).status).toBe(401);
    } finally {
      await sim.close();
    }
  });

  it('refuses bad options with a message naming the option', async () => {
    await expect(startSimulator({ port: 70000 })).rejects.toThrow(/^port:/);
    await expect(startSimulator({ apiKeys: [] })).rejects.toThrow(/^apiKeys:/);
    await expect(startSimulator({ events: { intervalMs: 1 } })).rejects.toThrow(/^events/);
  });
});
