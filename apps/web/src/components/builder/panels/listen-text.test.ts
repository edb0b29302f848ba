import { describe, expect, it } from 'vitest';
import { countdown, listenText } from './listen-text';

const at = Date.parse('2026-12-07T10:00:00.000Z');

describe('countdown', () => {
  it('shows minutes and seconds, rounding up, never below zero', () => {
    expect(countdown(120_000)).toBe('2:00');
    expect(countdown(65_001)).toBe('1:06');
    expect(countdown(900)).toBe('0:01');
    expect(countdown(-5000)).toBe('0:00');
  });
});

describe('listenText', () => {
  it('says how to use the URL before any window', () => {
    expect(listenText(undefined, at)).toMatchObject({ tone: 'idle', text: expect.stringContaining('Listen for a test request') });
    expect(listenText({ state: 'idle', until: null, caughtAt: null, error: null }, at).tone).toBe('idle');
  });

  it('counts down while listening', () => {
    const status = { state: 'listening' as const, until: new Date(at + 95_000).toISOString(), caughtAt: null, error: null };
    expect(listenText(status, at)).toEqual({ tone: 'waiting', text: expect.stringContaining('1:35 left') });
    expect(listenText(status, at + 94_500).text).toContain('0:01 left');
  });

  it('says where the caught fields went, why a request failed, and that the window ended', () => {
    expect(listenText({ state: 'caught', until: null, caughtAt: new Date(at).toISOString(), error: null }, at)).toMatchObject({ tone: 'good', text: expect.stringContaining('Sample Fields') });
    expect(listenText({ state: 'failed', until: null, caughtAt: null, error: 'The request could not be read: bad' }, at)).toEqual({ tone: 'bad', text: 'The request could not be read: bad' });
    const ended = { state: 'timed_out' as const, until: new Date(at + 120_000).toISOString(), caughtAt: null, error: null };
    expect(listenText(ended, at + 130_000, at).text).toBe('No request arrived in 2 minutes. Check the URL in the sending app, then listen again.');
    expect(listenText(ended, at + 130_000).text).toMatch(/^No request arrived\. /);
  });
});
