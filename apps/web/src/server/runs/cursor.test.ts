import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { decodeCursor, encodeCursor } from './cursor';

describe('run cursor', () => {
  it('round-trips (createdAt, id) with millisecond precision', () => {
    const c = { createdAt: new Date('2026-11-22T10:11:12.345Z'), id: 'cmabc123-def' };
    const encoded = encodeCursor(c);
    expect(encoded).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(encoded)).toEqual(c);
  });

  it('refuses anything it did not make, naming the cursor field', () => {
    for (const bad of ['', '***', Buffer.from('abc.def').toString('base64url'), Buffer.from('123.bad id').toString('base64url'), Buffer.from(`1.${'x'.repeat(65)}`).toString('base64url')]) {
      let caught: unknown;
      try {
        decodeCursor(bad);
      } catch (err) {
        caught = err;
      }
      expect(caught, bad).toBeInstanceOf(AppError);
      expect((caught as AppError).field).toBe('cursor');
    }
  });
});
